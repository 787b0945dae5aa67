"""What each public event tells whom, in their language, once; and the
mail's links and headers (a real SMTP server on loopback)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import FlagReason, PublicEvent, Rating, RatingChangeKind
from claims.services.appearances import appearance_create
from claims.services.claims import claim_publish, claim_retract
from claims.services.events import event_dispatch
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
from follows.services.deliveries import (
    SEND_GRACE,
    deliveries_claim,
    deliveries_due,
    deliveries_send,
    digest_send,
)
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, TopicFactory
from tests.helpers.claims import rerate

pytestmark = pytest.mark.django_db


def subscribe(
    email: str, *, language: str = "en", frequency=Frequency.IMMEDIATE, **target
) -> Subscriber:
    subscriber, _ = Subscriber.objects.get_or_create(
        email=email, defaults={"language": language}
    )
    kind = next(iter(target))
    Subscription.objects.create(
        subscriber=subscriber,
        target_kind=kind if kind != "query" else TargetKind.SEARCH,
        frequency=frequency,
        **target,
    )
    return subscriber


def dispatch_all() -> None:
    for event in PublicEvent.objects.filter(dispatched_at__isnull=True):
        event_dispatch(event.pk)


def send_all() -> None:
    deliveries_send(
        list(
            Delivery.objects.filter(frequency=Frequency.IMMEDIATE).values_list(
                "pk", flat=True
            )
        )
    )


def test_a_re_rating_reaches_the_claims_follower_in_their_language(
    mail_server, settings
):
    settings.SITE_URL = "https://tracker.example.org"
    claim = ClaimFactory(
        published=True,
        text="小米卖出一千万部手机",
        text_en="Xiaomi sold ten million phones",
    )
    subscribe("en@example.org", claim=claim)
    subscribe("zh@example.org", language="zh-hans", claim=claim)
    rerate(
        claim,
        Rating.objects.get(slug="mostly-true"),
        kind=RatingChangeKind.CORRECTION,
        reason="数量指出货量。",
        reason_en="The number is shipments.",
    )
    dispatch_all()
    send_all()
    [english] = mail_server.to("en@example.org")
    assert english.subject == "Re-rated: Xiaomi sold ten million phones"
    assert "Correction: rated Mostly true (was True)." in english.body
    assert "Why: The number is shipments." in english.body
    assert f"https://tracker.example.org/en/claims/{claim.slug}/" in english.body
    assert "https://tracker.example.org/en/follow/manage/" in english.body
    assert "https://tracker.example.org/en/follow/unsubscribe/" in english.body
    [chinese] = mail_server.to("zh@example.org")
    assert "小米卖出一千万部手机" in chinese.subject
    assert "数量指出货量。" in chinese.body
    assert f"https://tracker.example.org/zh-hans/claims/{claim.slug}/" in chinese.body
    assert Delivery.objects.filter(state=DeliveryState.SENT).count() == 2


def test_each_mail_carries_one_click_unsubscribe_headers(mail_server, client, reviewer):
    claim = ClaimFactory(published=True)
    subscriber = subscribe("a@example.org", claim=claim)
    claim_retract(
        claim=claim,
        user=reviewer,
        reason="来源有误。",
        reason_en="The source was wrong.",
    )
    dispatch_all()
    send_all()
    [mail] = mail_server.to("a@example.org")
    headers = mail.headers
    assert headers["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"
    unsubscribe = "".join(headers["List-Unsubscribe"].split()).strip("<>")
    assert unsubscribe.startswith("http://127.0.0.1:8000/en/follow/unsubscribe/")
    delivery = Delivery.objects.get()
    assert (
        headers["Message-ID"].strip()
        == f"<follows.{delivery.event_id}.{subscriber.pk}@127.0.0.1>"
    )
    assert "Why: The source was wrong." in mail.body
    path = "/" + unsubscribe.split("://", 1)[1].split("/", 1)[1]
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_an_event_dispatched_twice_is_mailed_once(mail_server):
    claim = ClaimFactory(published=True)
    subscribe("a@example.org", claim=claim)
    flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="tests")
    event = PublicEvent.objects.get()
    event_dispatch(event.pk)
    PublicEvent.objects.update(dispatched_at=None)
    event_dispatch(event.pk)
    send_all()
    send_all()
    [mail] = mail_server.to("a@example.org")
    assert mail.subject.startswith("Under review: ")
    assert Delivery.objects.count() == 1


def test_who_is_told_of_what(mail_server):
    speaker = SpeakerFactory()
    topic = TopicFactory()
    claim = ClaimFactory(published=True, speaker=speaker, text_en="Xiaomi ships a car")
    claim.topics.add(topic)
    subscribe("claim@example.org", claim=claim)
    subscribe("speaker@example.org", speaker=speaker)
    subscribe("topic@example.org", topic=topic)
    subscribe("search@example.org", query="q=car")
    subscribe("other-search@example.org", query="q=phone")
    appearance_create(
        claim=claim,
        user=None,
        fields={"article": ArticleFactory(title_en="Another report")},
    )
    flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="tests")
    rerate(
        claim,
        Rating.objects.get(slug="mostly-true"),
        kind=RatingChangeKind.UPDATE,
        reason="新数据。",
        reason_en="New figures.",
    )
    dispatch_all()
    send_all()

    def subjects(address):
        return sorted(mail.subject.split(":")[0] for mail in mail_server.to(address))

    assert subjects("claim@example.org") == [
        "Re-rated",
        "Repeated in another article",
        "Under review",
    ]
    assert subjects("speaker@example.org") == ["Re-rated"]
    assert subjects("topic@example.org") == ["Re-rated"]
    assert subjects("search@example.org") == ["Re-rated"]
    assert subjects("other-search@example.org") == []
    [repeat] = [
        mail
        for mail in mail_server.to("claim@example.org")
        if mail.subject.startswith("Repeated")
    ]
    assert "It was repeated in “Another report”." in repeat.body


def test_a_speakers_new_claim_is_told_to_the_speakers_followers(mail_server, reviewer):
    speaker = SpeakerFactory(name_en="Lei Jun")
    ClaimFactory(published=True, speaker=speaker)
    subscribe("speaker@example.org", speaker=speaker)
    new = ClaimFactory(
        state="in_review", speaker=speaker, text_en="A new claim by Lei Jun"
    )
    claim_publish(claim=new, user=reviewer)
    dispatch_all()
    send_all()
    [mail] = mail_server.to("speaker@example.org")
    assert mail.subject == "New claim: A new claim by Lei Jun"
    assert "Said by Lei Jun" in mail.body
    assert "Published, rated" in mail.body


def test_a_passed_deadline_is_told(mail_server):
    claim = ClaimFactory(
        published=True, due_h1_2024=True, text_en="Mass production in H1 2024"
    )
    subscribe("a@example.org", claim=claim)
    claims_deadline_scan(raised_by="tests")
    dispatch_all()
    send_all()
    [mail] = mail_server.to("a@example.org")
    assert mail.subject == "Deadline passed: Mass production in H1 2024"
    assert "has passed; the editors will review the rating." in mail.body


def test_the_daily_digest_gathers_a_days_events_in_one_mail(mail_server, reviewer):
    first = ClaimFactory(published=True, text_en="First claim")
    second = ClaimFactory(published=True, text_en="Second claim")
    subscriber = subscribe("a@example.org", frequency=Frequency.DAILY, claim=first)
    Subscription.objects.create(
        subscriber=subscriber,
        target_kind=TargetKind.CLAIM,
        claim=second,
        frequency=Frequency.DAILY,
    )
    flag_raise(claim=first, reason=FlagReason.MANUAL, raised_by="tests")
    claim_retract(claim=second, user=reviewer, reason="撤回。", reason_en="Withdrawn.")
    dispatch_all()
    send_all()  # immediate mails only
    assert mail_server.to("a@example.org") == []
    assert digest_send(subscriber_id=subscriber.pk).sent == 2
    assert digest_send(subscriber_id=subscriber.pk).sent == 0
    [mail] = mail_server.to("a@example.org")
    assert mail.subject == "Claims you follow: 2 changes"
    assert "Under review: First claim" in mail.body
    assert "Retracted: Second claim" in mail.body


def test_a_row_another_sender_holds_is_left_until_its_lease_runs_out(
    mail_server, settings
):
    settings.FOLLOW_SEND_LEASE_SECONDS = 60
    claim = ClaimFactory(published=True)
    subscribe("a@example.org", claim=claim)
    flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="tests")
    dispatch_all()
    delivery = Delivery.objects.get()
    assert deliveries_claim([delivery.pk]) is not None  # a sender that then died
    result = deliveries_send([delivery.pk])
    assert (result.sent, result.held_elsewhere) == (0, 1)
    assert mail_server.to("a@example.org") == []
    Delivery.objects.update(lease_until=timezone.now() - timedelta(seconds=1))
    assert deliveries_send([delivery.pk]).sent == 1
    assert len(mail_server.to("a@example.org")) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.SENT, 2)


def test_a_refused_mail_is_kept_for_another_try(mail_server):
    claim = ClaimFactory(published=True)
    subscribe("a@example.org", claim=claim)
    flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="tests")
    dispatch_all()
    mail_server.refuse.add("a@example.org")
    assert (
        deliveries_send(list(Delivery.objects.values_list("pk", flat=True))).failed == 1
    )
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.PENDING
    assert "550" in delivery.last_error
    mail_server.refuse.clear()
    assert deliveries_send([delivery.pk]).sent == 1


def test_the_sweep_finds_mails_never_queued_or_left_by_a_dead_sender(mail_server):
    claim = ClaimFactory(published=True)
    subscribe("a@example.org", claim=claim)
    subscribe("b@example.org", claim=claim)
    flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="tests")
    dispatch_all()
    never_queued, left = Delivery.objects.order_by("pk")
    assert deliveries_claim([left.pk]) is not None  # its sender died
    later = timezone.now() + SEND_GRACE
    assert deliveries_due(now=later) == [never_queued.pk]
    Delivery.objects.filter(pk=left.pk).update(lease_until=timezone.now())
    assert deliveries_due(now=later) == [never_queued.pk, left.pk]
    assert deliveries_send(deliveries_due(now=later)).sent == 2
    assert deliveries_due(now=later) == []


def test_a_mail_refused_too_often_is_given_up(mail_server, settings):
    settings.FOLLOW_SEND_MAX_ATTEMPTS = 2
    claim = ClaimFactory(published=True)
    subscribe("a@example.org", claim=claim)
    flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="tests")
    dispatch_all()
    mail_server.refuse.add("a@example.org")
    send_all()
    send_all()
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 2)
    mail_server.refuse.clear()
    send_all()
    assert mail_server.to("a@example.org") == []
