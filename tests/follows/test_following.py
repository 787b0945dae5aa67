"""Following by e-mail: the form, the confirmation link, the stored address
only after confirming, the manage page and unsubscribing."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone

from follows.models import FollowRequest, Subscriber, Subscription, TargetKind
from follows.services.subscriptions import follow_requests_expire
from follows.services.tokens import CONFIRM_SALT, address_hash, subscriber_token
from follows.tasks import confirmation_send
from tests.factories import ClaimFactory, TopicFactory
from tests.follows.helpers import confirm_link, follow, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_confirmations(django_capture_on_commit_callbacks, monkeypatch):
    """Run the confirmation task in this process instead of queueing it."""
    monkeypatch.setattr(confirmation_send, "delay", confirmation_send)
    return mail.outbox


def test_following_a_claim_stores_no_address_until_confirmed(
    client, sent_confirmations, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(published=True, text_en="Xiaomi sold 10 million phones")
    with django_capture_on_commit_callbacks(execute=True):
        response = follow(
            client, email="Reader@Example.org", kind="claim", value=claim.slug
        )
    assert response.status_code == 200
    assert "Check your mail" in response.content.decode()
    assert not Subscriber.objects.exists()
    request = FollowRequest.objects.get()
    assert "example.org" not in str(request.__dict__)
    assert request.address_hash == address_hash("reader@example.org")
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert (
        message.subject == "Confirm: follow the claim “Xiaomi sold 10 million phones”"
    )

    page = client.get(path_of(confirm_link(message.body)))
    assert page.status_code == 200
    assert not Subscriber.objects.exists()  # opening the link is not enough
    confirmed = client.post(path_of(confirm_link(message.body)))
    assert "You now follow" in confirmed.content.decode()
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language) == ("reader@example.org", "en")
    assert subscriber.subscriptions.get().claim == claim
    assert not FollowRequest.objects.exists()
    # The link works once.
    again = client.post(path_of(confirm_link(message.body)))
    assert again.status_code == 400


def test_the_page_language_is_the_mail_language(
    client, sent_confirmations, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(published=True, text="小米卖出一千万部手机")
    with django_capture_on_commit_callbacks(execute=True):
        follow(
            client,
            email="li@example.org",
            kind="claim",
            value=claim.slug,
            language="zh-hans",
        )
    [message] = mail.outbox
    assert "小米卖出一千万部手机" in message.subject
    assert "/zh-hans/follow/confirm/" in message.body
    client.post(path_of(confirm_link(message.body)))
    assert Subscriber.objects.get().language == "zh-hans"


def test_the_answer_is_the_same_whether_or_not_the_address_follows_already(
    client, sent_confirmations, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = follow(client, email="a@example.org", kind="claim", value=claim.slug)
    client.post(path_of(confirm_link(mail.outbox[0].body)))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        following = follow(
            client, email="a@example.org", kind="claim", value=claim.slug
        )
        stranger = follow(client, email="b@example.org", kind="claim", value=claim.slug)
    assert following.status_code == stranger.status_code == first.status_code == 200
    assert following.content == stranger.content
    # Only the stranger is mailed: the follower is not asked again.
    assert [message.to for message in mail.outbox] == [["b@example.org"]]


def test_a_second_request_for_the_same_target_sends_no_second_mail(
    client, sent_confirmations, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        one = follow(client, email="a@example.org", kind="claim", value=claim.slug)
        two = follow(client, email="a@example.org", kind="claim", value=claim.slug)
    assert one.content == two.content
    assert len(mail.outbox) == 1


def test_pending_requests_per_address_are_capped(
    client, settings, sent_confirmations, django_capture_on_commit_callbacks
):
    settings.FOLLOW_MAX_PENDING_PER_ADDRESS = 2
    claims = ClaimFactory.create_batch(3, published=True)
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            follow(client, email="a@example.org", kind="claim", value=claim.slug)
            for claim in claims
        ]
    assert {answer.status_code for answer in answers} == {200}
    assert answers[0].content.count(b"Check your mail") == answers[2].content.count(
        b"Check your mail"
    )
    assert len(mail.outbox) == 2
    assert FollowRequest.objects.count() == 2


def test_requests_per_address_are_throttled(
    client, settings, sent_confirmations, django_capture_on_commit_callbacks
):
    settings.FOLLOW_THROTTLE_PER_ADDRESS = "2/hour"
    claims = ClaimFactory.create_batch(3, published=True)
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            follow(client, email="a@example.org", kind="claim", value=claim.slug)
            for claim in claims
        ]
    assert {answer.status_code for answer in answers} == {200}
    assert len(mail.outbox) == 2


def test_requests_per_client_are_throttled(
    client, settings, sent_confirmations, django_capture_on_commit_callbacks
):
    settings.FOLLOW_THROTTLE_PER_CLIENT = "2/hour"
    claim = ClaimFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            follow(client, email=f"r{n}@example.org", kind="claim", value=claim.slug)
            for n in range(3)
        ]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert "Too many follow requests" in answers[2].content.decode()
    assert len(mail.outbox) == 2


def test_a_post_from_another_site_is_refused(client, sent_confirmations):
    claim = ClaimFactory(published=True)
    response = follow(
        client,
        email="a@example.org",
        kind="claim",
        value=claim.slug,
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert not FollowRequest.objects.exists()


def test_bad_input_gets_a_clear_error(client, sent_confirmations):
    draft = ClaimFactory()
    published = ClaimFactory(published=True)
    not_an_address = follow(
        client, email="not-an-address", kind="claim", value=published.slug
    )
    assert not_an_address.status_code == 400
    assert "Enter a valid email address." in not_an_address.content.decode()
    unfollowable = follow(client, email="a@example.org", kind="claim", value=draft.slug)
    assert unfollowable.status_code == 400
    assert "This claim cannot be followed." in unfollowable.content.decode()
    assert not FollowRequest.objects.exists()


def test_unconfirmed_requests_expire(
    client, sent_confirmations, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        follow(client, email="a@example.org", kind="claim", value=claim.slug)
    link = path_of(confirm_link(mail.outbox[0].body))
    FollowRequest.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert follow_requests_expire() == 1
    response = client.post(link)
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_a_confirmation_link_expires_with_its_signature(
    client, settings, sent_confirmations, django_capture_on_commit_callbacks
):
    """A link signed longer ago than FOLLOW_CONFIRM_HOURS is refused, even
    while its request is still pending."""
    claim = ClaimFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        follow(client, email="a@example.org", kind="claim", value=claim.slug)
    link = path_of(confirm_link(mail.outbox[0].body))
    token = link.rstrip("/").rsplit("/", 1)[1]
    payload = signing.loads(token, salt=CONFIRM_SALT)

    class SignedLongAgo(signing.TimestampSigner):
        def timestamp(self) -> str:
            hours = settings.FOLLOW_CONFIRM_HOURS + 1
            return signing.b62_encode(int(time.time()) - hours * 3600)

    old = SignedLongAgo(salt=CONFIRM_SALT).sign_object(payload, compress=True)
    response = client.post(link.replace(token, old))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert FollowRequest.objects.exists()


def test_a_tampered_confirmation_link_is_refused(
    client, sent_confirmations, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(published=True)
    other = ClaimFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        follow(client, email="a@example.org", kind="claim", value=claim.slug)
    link = path_of(confirm_link(mail.outbox[0].body))
    token = link.rstrip("/").rsplit("/", 1)[1]
    payload = signing.loads(token, salt=CONFIRM_SALT)
    forged_payload = signing.dumps(
        {**payload, "a": "victim@example.org"}, salt="other", compress=True
    )
    body, _sep, _signature = token.rpartition(":")
    for forged in (
        forged_payload,
        token[:-2] + "xx",
        body[:-1] + ("B" if body.endswith("A") else "A") + ":" + _signature,
    ):
        response = client.post(link.replace(token, forged))
        assert response.status_code == 400
    assert not Subscriber.objects.exists()
    assert other  # an unrelated claim stays unfollowed


def test_a_search_is_followed_as_the_list_normalises_it(
    client, sent_confirmations, django_capture_on_commit_callbacks
):
    topic = TopicFactory(slug="xiaomi-ev")
    claim = ClaimFactory(published=True)
    claim.topics.add(topic)
    with django_capture_on_commit_callbacks(execute=True):
        follow(
            client,
            email="a@example.org",
            kind="search",
            value="sort=oldest&q=+Xiaomi+&kind=statistic&page=3",
        )
        follow(
            client,
            email="a@example.org",
            kind="search",
            value="topic=xiaomi-ev&sort=rating",
        )
    for message in mail.outbox:
        client.post(path_of(confirm_link(message.body)))
    search, by_topic = Subscription.objects.order_by("pk")
    assert (search.target_kind, search.query) == (
        TargetKind.SEARCH,
        "kind=statistic&q=Xiaomi",
    )
    assert (by_topic.target_kind, by_topic.topic) == (TargetKind.TOPIC, topic)


def test_the_manage_page_lists_and_ends_subscriptions(
    client, sent_confirmations, django_capture_on_commit_callbacks
):
    first = ClaimFactory(published=True, text_en="First claim")
    second = ClaimFactory(published=True, text_en="Second claim")
    with django_capture_on_commit_callbacks(execute=True):
        for claim in (first, second):
            follow(client, email="a@example.org", kind="claim", value=claim.slug)
    for message in mail.outbox:
        client.post(path_of(confirm_link(message.body)))
    subscriber = Subscriber.objects.get()
    manage = f"/en/follow/manage/{subscriber_token(subscriber)}/"
    page = client.get(manage).content.decode()
    assert "First claim" in page and "Second claim" in page
    one = subscriber.subscriptions.get(claim=first)
    client.post(manage, {"subscriptions": [one.pk]})
    assert list(subscriber.subscriptions.values_list("claim", flat=True)) == [second.pk]
    ended = client.post(manage, {"end_all": "on"})
    assert "your address has been deleted" in ended.content.decode()
    assert not Subscriber.objects.exists()


def test_one_click_unsubscribe_deletes_the_address(
    client, sent_confirmations, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        follow(client, email="a@example.org", kind="claim", value=claim.slug)
    client.post(path_of(confirm_link(mail.outbox[0].body)))
    subscriber = Subscriber.objects.get()
    url = f"/en/follow/unsubscribe/{subscriber_token(subscriber)}/"
    shown = client.get(url)
    assert "Unsubscribe" in shown.content.decode()
    assert Subscriber.objects.exists()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert client.post(url).status_code == 200  # again: nothing left, same answer


def test_a_tampered_subscriber_link_is_refused(
    client, sent_confirmations, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        follow(client, email="a@example.org", kind="claim", value=claim.slug)
    client.post(path_of(confirm_link(mail.outbox[0].body)))
    subscriber = Subscriber.objects.get()
    forged = signing.dumps({"s": subscriber.pk, "a": subscriber.email}, salt="another")
    assert client.post(f"/en/follow/unsubscribe/{forged}/").status_code == 400
    assert client.get(f"/en/follow/manage/{forged}/").status_code == 400
    assert Subscriber.objects.exists()


def test_pages_with_the_follow_form_stay_cached_and_carry_nothing_per_visitor(
    client,
):
    claim = ClaimFactory(published=True)
    url = f"/en/claims/{claim.slug}/"
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    assert 'action="/en/follow/"' in first.content.decode()
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert not first.cookies
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
