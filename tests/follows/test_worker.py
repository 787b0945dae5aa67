"""Done means: following travels the real way. A reader follows from the
page, a real Celery worker on Redis mails the confirmation to a real SMTP
server on loopback, and after confirming each public event reaches the
reader once, in the chosen language; a worker killed mid-batch sends no
mail twice and loses none."""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter

import pytest

from claims.models import FlagReason, Rating, RatingChangeKind
from claims.services.appearances import appearance_create
from claims.services.claims import claim_publish, claim_retract
from claims.services.flags import flag_raise
from claims.services.scans import claims_deadline_scan
from follows.models import (
    Delivery,
    DeliveryState,
    Frequency,
    Subscriber,
    Subscription,
    TargetKind,
)
from follows.tasks import digests_send
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory
from tests.follows.helpers import confirm_link, follow, path_of
from tests.helpers.claims import rerate
from tests.helpers.smtp import MailServer
from tests.helpers.waiting import wait_until

pytestmark = [
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.usefixtures("migration_data"),
]

SITE = "https://tracker.example.org"


def mail_env(server: MailServer, **extra: str) -> dict[str, str]:
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(server.port),
        "SITE_URL": SITE,
        **extra,
    }


def one_mail(server: MailServer, address: str, subject_start: str):
    def arrived():
        return [
            mail
            for mail in server.to(address)
            if mail.subject.startswith(subject_start)
        ]

    [mail] = wait_until(arrived, message=f"{address} got “{subject_start}…”")
    return mail


def confirm_from_mail(client, server: MailServer, address: str) -> None:
    mail = one_mail(server, address, {"en": "Confirm", "zh": "确认"}[address[:2]])
    response = client.post(path_of(confirm_link(mail.body)))
    assert response.status_code == 200, response.content


def test_a_reader_follows_confirms_and_is_told_of_each_event_once(
    start_worker, celery_redis, mail_server, client, reviewer
):
    speaker = SpeakerFactory(name="雷军", name_en="Lei Jun")
    claim = ClaimFactory(
        published=True,
        speaker=speaker,
        due_h1_2024=True,
        text="小米汽车2024年上半年量产",
        text_en="Xiaomi's car reaches mass production in H1 2024",
    )
    start_worker(env=mail_env(mail_server))

    # zh: the claim, each change at once; en: the speaker, once a day;
    # en-lurker asks and never confirms.
    assert (
        follow(
            client,
            email="zh@example.org",
            kind="claim",
            value=claim.slug,
            language="zh-hans",
        ).status_code
        == 200
    )
    assert (
        follow(
            client,
            email="en@example.org",
            kind="speaker",
            value=speaker.slug,
            frequency="daily",
        ).status_code
        == 200
    )
    assert (
        follow(
            client, email="en-lurker@example.org", kind="claim", value=claim.slug
        ).status_code
        == 200
    )
    confirm_from_mail(client, mail_server, "zh@example.org")
    confirm_from_mail(client, mail_server, "en@example.org")
    wait_until(
        lambda: mail_server.to("en-lurker@example.org"),
        message="the lurker's confirmation",
    )
    assert not Subscriber.objects.filter(email="en-lurker@example.org").exists()

    rerate(
        claim,
        Rating.objects.get(slug="stalled"),
        kind=RatingChangeKind.UPDATE,
        reason="工厂推迟投产。",
        reason_en="The factory opened later.",
    )
    rerated = one_mail(mail_server, "zh@example.org", "评级变更")
    assert "工厂推迟投产。" in rerated.body
    assert f"{SITE}/zh-hans/claims/{claim.slug}/" in rerated.body
    assert (
        rerated.headers["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"
    )

    claims_deadline_scan(raised_by="tests")  # its deadline passed in 2024
    assert (
        "小米汽车2024年上半年量产"
        in one_mail(mail_server, "zh@example.org", "期限已过").subject
    )
    flag_raise(
        claim=claim, reason=FlagReason.MANUAL, raised_by="tests"
    )  # open already: no event
    appearance_create(
        claim=claim, user=None, fields={"article": ArticleFactory(title="另一篇报道")}
    )
    assert (
        "另一篇报道"
        in one_mail(mail_server, "zh@example.org", "在另一篇文章中重复").body
    )

    new = ClaimFactory(
        state="in_review", speaker=speaker, text_en="Lei Jun's new claim"
    )
    claim_publish(claim=new, user=reviewer)
    claim.refresh_from_db()
    claim_retract(
        claim=claim,
        user=reviewer,
        reason="来源被撤回。",
        reason_en="The source was withdrawn.",
    )
    assert "来源被撤回。" in one_mail(mail_server, "zh@example.org", "已撤回").body

    # The daily reader's digest: the re-rating, the deadline, the new claim
    # and the retraction of the speaker's claims (not the repeat).
    wait_until(
        lambda: (
            Delivery.objects.filter(subscriber__email="en@example.org").count() == 4
            and celery_redis.pending() == 0
        ),
        message="the digest's deliveries were recorded",
    )
    assert mail_server.to("en@example.org")[1:] == []  # only the confirmation so far
    digests_send.delay()
    digest = one_mail(mail_server, "en@example.org", "Claims you follow: 4 changes")
    for part in (
        "Re-rated: Xiaomi's car",
        "Deadline passed: Xiaomi's car",
        "New claim: Lei Jun's new claim",
        "Retracted: Xiaomi's car",
        "Why: The source was withdrawn.",
    ):
        assert part in digest.body

    # Each event once; the unconfirmed address got nothing but its confirmation.
    subjects = Counter(mail.subject for mail in mail_server.to("zh@example.org"))
    assert set(subjects.values()) == {1}
    assert len(subjects) == 5  # the confirmation and four events
    assert len(mail_server.to("en-lurker@example.org")) == 1

    # One POST to the List-Unsubscribe address deletes the address.
    unsubscribe = "".join(rerated.headers["List-Unsubscribe"].split()).strip("<>")
    response = client.post(path_of(unsubscribe), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="zh@example.org").exists()
    assert Subscriber.objects.filter(email="en@example.org").exists()


class SlowMailServer(MailServer):
    """Takes ``delay`` seconds to answer each MAIL FROM: a worker killed
    meanwhile has had no mail accepted, and the sender has committed the
    previous mail as sent before it began this one."""

    delay = 0.3

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.holding_since: float | None = None

    def holding(self) -> bool:
        """A MAIL FROM is waiting, with at least half its delay still to go."""
        since = self.holding_since
        return since is not None and time.monotonic() - since < self.delay / 2

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.holding_since = time.monotonic()
        await asyncio.sleep(self.delay)
        self.holding_since = None
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"


@pytest.fixture
def slow_mail_server(settings):
    server = SlowMailServer()
    server.controller.start()
    yield server
    server.controller.stop()


def test_a_worker_killed_mid_batch_sends_each_mail_once(
    start_worker, celery_redis, slow_mail_server
):
    claim = ClaimFactory(published=True)
    readers = 24
    for number in range(readers):
        subscriber = Subscriber.objects.create(
            email=f"reader{number}@example.org", language="en"
        )
        Subscription.objects.create(
            subscriber=subscriber,
            target_kind=TargetKind.CLAIM,
            claim=claim,
            frequency=Frequency.IMMEDIATE,
        )
    fast_recovery = mail_env(
        slow_mail_server,
        CELERY_VISIBILITY_TIMEOUT="2",
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        CELERY_UNACKED_RESTORE_THROTTLE="1",
        FOLLOW_SEND_LEASE_SECONDS="3",
    )
    first = start_worker(env=fast_recovery)
    flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="tests")
    # Killed while the server holds a MAIL FROM: between two mails, not
    # between a mail's acceptance and its row marked sent (the one window
    # in which a second copy, with the same Message-ID, can go out).
    wait_until(
        lambda: len(slow_mail_server.received) >= 5 and slow_mail_server.holding(),
        interval=0.02,
        message="the batch began",
    )
    first.kill()
    sent_before = len(slow_mail_server.received)
    assert sent_before < readers

    second = start_worker(env=fast_recovery)
    wait_until(
        lambda: (
            second.running()
            and Delivery.objects.filter(state=DeliveryState.SENT).count() == readers
            and celery_redis.pending() == 0
        ),
        timeout=90,
        message="the second worker sent the rest",
    )
    per_reader = Counter(
        address for mail in slow_mail_server.received for address in mail.to
    )
    assert per_reader == {f"reader{number}@example.org": 1 for number in range(readers)}
    message_ids = Counter(
        mail.headers["Message-ID"].strip() for mail in slow_mail_server.received
    )
    assert len(message_ids) == readers and set(message_ids.values()) == {1}
    assert all(
        re.match(r"<follows\.\d+\.\d+@tracker\.example\.org>", message_id)
        for message_id in message_ids
    )
