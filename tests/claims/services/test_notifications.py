"""Editors and reviewers are told by mail, in their own language, through a
real SMTP server on loopback: a claim waiting for review goes to the
reviewers who may publish it, a claim sent back to its author with the
reason, a flag to the author of the flagged claim; the daily digest to every
editor and reviewer with an address. A failing mail never undoes the work."""

import logging

import kombu.pools
import pytest

from claims import services
from claims.models import EditorialState, FlagReason
from claims.services.flags import flag_raise, flag_raise_with_note
from claims.services.notifications import flag_digest_send, notice_send
from claims.services.outbox import Notice, _enqueue
from claims.services.profiles import editor_profile_update
from claims.services.scans import claims_deadline_scan
from tests.factories import ClaimFactory, UserFactory
from tracker.celery import app

pytestmark = pytest.mark.django_db

SITE = "https://tracker.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def people(db):
    """The editor who writes (Chinese mail), a reviewer reading English, one
    reading Chinese, and a reviewer without an address."""
    author = UserFactory(username="li-editor", email="li@example.org", group="Editors")
    editor_profile_update(user=author, language="zh-hans")
    english = UserFactory(
        username="ann-reviewer", email="ann@example.org", group="Reviewers"
    )
    editor_profile_update(user=english, language="en")
    chinese = UserFactory(
        username="wang-reviewer", email="wang@example.org", group="Reviewers"
    )  # no profile: the site's language, Chinese
    UserFactory(username="no-address", email="", group="Reviewers")
    return author, english, chinese


def queued(callbacks) -> list[tuple[str, dict]]:
    """The notices the services queued for after the commit."""
    return [
        callback.args
        for callback in callbacks
        if getattr(callback, "func", None) is _enqueue
    ]


def deliver(callbacks) -> int:
    """Run what the worker would for each queued notice."""
    return sum(
        notice_send(notice=notice, **arguments)
        for notice, arguments in queued(callbacks)
    )


def claim_link(claim) -> str:
    return f"{SITE}/admin/claims/claim/{claim.pk}/change/"


def test_a_submitted_claim_is_announced_to_the_reviewers_in_their_language(
    people, mail_server, django_capture_on_commit_callbacks
):
    author, english, chinese = people
    claim = ClaimFactory(
        text="小米汽车2024年上半年量产", text_en="Xiaomi cars in H1 2024"
    )

    with django_capture_on_commit_callbacks() as callbacks:
        services.claim_submit_for_review(claim=claim, user=author)
    assert queued(callbacks) == [
        (Notice.SUBMITTED, {"claim_id": claim.pk, "actor_id": author.pk})
    ]
    assert deliver(callbacks) == 2

    [to_ann] = mail_server.to("ann@example.org")
    assert to_ann.subject == "Waiting for your review: Xiaomi cars in H1 2024"
    assert "li-editor submitted a claim for review" in to_ann.body
    assert claim_link(claim) in to_ann.body
    [to_wang] = mail_server.to("wang@example.org")
    assert to_wang.subject == "待你审核：小米汽车2024年上半年量产"
    assert "li-editor 提交了一条声明待审核" in to_wang.body
    assert claim_link(claim) in to_wang.body
    assert mail_server.to("li@example.org") == []  # not its author


def test_a_claim_sent_back_tells_its_author_why(
    people, mail_server, django_capture_on_commit_callbacks
):
    author, english, chinese = people
    claim = services.claim_submit_for_review(
        claim=ClaimFactory(text="小米AI团队超过1200人。"), user=author
    )

    with django_capture_on_commit_callbacks() as callbacks:
        services.claim_send_back(
            claim=claim, user=english, comment="The 1,200 figure needs a source."
        )
    assert deliver(callbacks) == 1

    [mail] = mail_server.received
    assert mail.to == ["li@example.org"]
    assert mail.subject == "退回给你：小米AI团队超过1200人。"
    assert "ann-reviewer 将你的声明退回草稿" in mail.body
    assert "The 1,200 figure needs a source." in mail.body
    assert claim_link(claim) in mail.body


def test_an_english_author_hears_of_a_send_back_in_english(
    people, mail_server, django_capture_on_commit_callbacks
):
    author, english, chinese = people
    editor_profile_update(user=author, language="en")
    claim = services.claim_submit_for_review(
        claim=ClaimFactory(text_en="Xiaomi's AI team has 1,200 people"), user=author
    )
    with django_capture_on_commit_callbacks() as callbacks:
        services.claim_send_back(claim=claim, user=chinese, comment="需要来源。")
    deliver(callbacks)
    [mail] = mail_server.to("li@example.org")
    assert mail.subject == "Sent back to you: Xiaomi's AI team has 1,200 people"
    assert "What to fix:\n需要来源。" in mail.body


def test_a_flag_on_a_claim_tells_the_editor_who_submitted_it(
    people, mail_server, django_capture_on_commit_callbacks, reviewer
):
    author, english, chinese = people
    claim = services.claim_submit_for_review(
        claim=ClaimFactory(text="小米第100号声明属实"), user=author
    )
    services.claim_publish(claim=claim, user=english)

    with django_capture_on_commit_callbacks() as callbacks:
        flag_raise_with_note(
            claim=claim, reason=FlagReason.MANUAL, user=english, note="数字过时了。"
        )
    assert deliver(callbacks) == 1

    [mail] = mail_server.received
    assert mail.to == ["li@example.org"]
    assert mail.subject == "待复核提醒：小米第100号声明属实"
    assert "数字过时了。" in mail.body
    assert claim_link(claim) in mail.body


def test_the_deadline_scan_tells_authors_too_in_one_mail(
    people, mail_server, django_capture_on_commit_callbacks
):
    author, english, chinese = people
    claims = [
        services.claim_submit_for_review(
            claim=ClaimFactory(due_h1_2024=True, text=text), user=author
        )
        for text in ("小米汽车2024年上半年量产", "小米汽车年底交付十万辆")
    ]
    ClaimFactory(due_h1_2024=True, published=True)  # nobody submitted it

    with django_capture_on_commit_callbacks() as callbacks:
        report = claims_deadline_scan(raised_by="claims.tasks.deadline_scan")
    assert report.flagged == 3
    assert deliver(callbacks) == 1

    [mail] = mail_server.received
    assert mail.to == ["li@example.org"]
    assert mail.subject == "你提交的 2 条声明收到复核提醒"
    assert mail.body.count("期限已过") == 2
    for claim in claims:
        assert claim.text in mail.body
        assert claim_link(claim) in mail.body


def test_an_author_who_flags_their_own_claim_gets_no_mail(
    people, mail_server, django_capture_on_commit_callbacks
):
    author, *_ = people
    claim = services.claim_submit_for_review(claim=ClaimFactory(), user=author)
    with django_capture_on_commit_callbacks() as callbacks:
        flag_raise_with_note(
            claim=claim, reason=FlagReason.MANUAL, user=author, note="我再查一下。"
        )
    assert deliver(callbacks) == 0
    assert mail_server.received == []


def test_a_refused_mail_is_logged_and_the_others_still_go(
    people, mail_server, django_capture_on_commit_callbacks, caplog
):
    author, *_ = people
    mail_server.refuse.add("ann@example.org")
    claim = ClaimFactory()

    with django_capture_on_commit_callbacks() as callbacks:
        services.claim_submit_for_review(claim=claim, user=author)
    with caplog.at_level(logging.ERROR, logger="claims.services.notifications"):
        assert deliver(callbacks) == 1

    assert [mail.to for mail in mail_server.received] == [["wang@example.org"]]
    assert "ann@example.org" in caplog.text
    claim.refresh_from_db()
    assert claim.state == EditorialState.IN_REVIEW


def test_an_unreachable_mail_server_is_logged(people, settings, caplog):
    author, *_ = people
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    claim = services.claim_submit_for_review(claim=ClaimFactory(), user=author)
    with caplog.at_level(logging.ERROR, logger="claims.services.notifications"):
        assert notice_send(notice=Notice.SUBMITTED, claim_id=claim.pk) == 0
    assert "mail server unreachable" in caplog.text


def test_the_digest_goes_to_every_editor_and_reviewer_in_their_language(
    people, mail_server
):
    assert flag_digest_send() == 0  # nothing open: no mail
    flag_raise(
        claim=ClaimFactory(text="小米第7号声明属实"),
        reason=FlagReason.MANUAL,
        raised_by="tests",
        detail={"summary": "Quote needs a source."},
    )

    assert flag_digest_send() == 3

    assert sorted(address for mail in mail_server.received for address in mail.to) == [
        "ann@example.org",
        "li@example.org",
        "wang@example.org",
    ]
    [english] = mail_server.to("ann@example.org")
    assert english.subject == "Review queue: 1 open flags"
    assert "Quote needs a source." in english.body
    assert f"{SITE}/admin/claims/flag/?status=open" in english.body
    [chinese] = mail_server.to("li@example.org")
    assert chinese.subject == "复核队列：1 条未处理提醒"
    assert "小米第7号声明属实" in chinese.body


@pytest.fixture
def broker_down():
    """This process's Celery app publishing to a Redis nobody listens on."""
    saved = app.conf.broker_url, app.conf.broker_transport_options
    app.conf.broker_url, app.conf.broker_transport_options = "redis://127.0.0.1:9/0", {}
    kombu.pools.reset()
    app._pool = None
    app.__dict__.pop("amqp", None)
    yield
    app.conf.broker_url, app.conf.broker_transport_options = saved
    kombu.pools.reset()
    app._pool = None
    app.__dict__.pop("amqp", None)


def test_a_broker_that_is_down_never_breaks_the_editors_save(
    people, broker_down, django_capture_on_commit_callbacks, caplog
):
    author, *_ = people
    claim = ClaimFactory()
    with (
        caplog.at_level(logging.ERROR, logger="claims.services.outbox"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.claim_submit_for_review(claim=claim, user=author)

    claim.refresh_from_db()
    assert claim.state == EditorialState.IN_REVIEW
    assert "could not queue the submitted notice" in caplog.text
