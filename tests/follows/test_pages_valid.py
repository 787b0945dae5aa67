"""The follow pages, in both languages, pass the W3C Nu HTML checker: the
form's answer, its error page, confirming, managing, unsubscribing, and
the pages the follow form is on."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from follows.models import Frequency, Subscriber, Subscription, TargetKind
from follows.services.subscriptions import follow_request
from follows.services.tokens import Confirmation, confirmation_token, subscriber_token
from tests.factories import ClaimFactory, TopicFactory
from tests.helpers.page_set import Page
from tests.standards.test_nu_html_checker import nu_errors

pytestmark = [pytest.mark.django_db, pytest.mark.standards]


def test_every_follow_page_passes_the_nu_html_checker(client, tmp_path, vnu):
    topic = TopicFactory(slug="xiaomi-ev")
    claim = ClaimFactory(published=True)
    claim.topics.add(topic)
    subscriber = Subscriber.objects.create(email="a@example.org", language="en")
    for target in ({"claim": claim}, {"topic": topic}):
        Subscription.objects.create(
            subscriber=subscriber,
            target_kind=next(iter(target)),
            frequency=Frequency.DAILY,
            **target,
        )
    Subscription.objects.create(
        subscriber=subscriber,
        target_kind=TargetKind.SEARCH,
        query="q=Xiaomi",
        frequency=Frequency.IMMEDIATE,
    )
    _outcome, confirmation = follow_request(
        address="b@example.org",
        kind="claim",
        value=claim.slug,
        frequency="immediate",
        language="en",
    )
    assert isinstance(confirmation, Confirmation)
    pages: dict[Path, Page] = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            token = subscriber_token(subscriber)
            gets = {
                "claim": claim.get_absolute_url(),
                "speaker": claim.speaker.get_absolute_url(),
                "search": reverse("claims:list") + "?q=Xiaomi",
                "confirm": reverse(
                    "follows:confirm", args=[confirmation_token(confirmation)]
                ),
                "manage": reverse("follows:manage", args=[token]),
                "unsubscribe": reverse("follows:unsubscribe", args=[token]),
            }
            posts = {
                "check mail": (
                    reverse("follows:follow"),
                    {
                        "email": "c@example.org",
                        "kind": "claim",
                        "value": claim.slug,
                        "frequency": "daily",
                    },
                    200,
                ),
                "form refused": (
                    reverse("follows:follow"),
                    {"email": "nope", "kind": "claim", "value": claim.slug},
                    400,
                ),
            }
        for name, url in gets.items():
            page = Page(f"{language} {name}", url)
            response = client.get(url)
            assert response.status_code == 200, (name, response.content[:300])
            path = tmp_path / page.file_name
            path.write_bytes(response.content)
            pages[path] = page
        for name, (url, data, status) in posts.items():
            page = Page(f"{language} {name}", url)
            response = client.post(url, data)
            assert response.status_code == status, name
            path = tmp_path / page.file_name
            path.write_bytes(response.content)
            pages[path] = page
    errors = nu_errors(vnu, pages)
    assert not errors, "\n".join(errors)
