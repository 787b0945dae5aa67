"""What a change refreshes in the page cache: the pages that show what
changed, on the very next request, and nothing else. A link check refreshes
its claim's page only; a check that only moves the time of the last check
writes nothing to the cache at all."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from claims.models import EditorialState
from claims.services.evidence_checks import evidence_check
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.pages import text_of, url_in
from tests.helpers.servers import Page, html

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def _claim(text_en: str, url: str = "https://a.example/1"):
    claim = ClaimFactory(published=True, text_en=text_en)
    EvidenceFactory(claim=claim, title="证据", url=url)
    return claim


@pytest.fixture
def claims(redis_cache, fetch_allowed):
    fetch_allowed.pages["/news"] = Page(body=html("小米汽车将于2024年上半年量产。"))
    return (
        _claim("Claim A as cached", url=fetch_allowed.url("/news")),
        _claim("Claim B as cached"),
    )


def warm(client, *urls: str) -> None:
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url


def page(claim) -> str:
    return url_in("en", "claims:detail", slug=claim.slug)


LIST = url_in("en", "claims:list")
HOME = url_in("en", "claims:home")


def today_at(hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time(hour)))


def check(evidence, now: datetime):
    evidence.refresh_from_db()
    return evidence_check(evidence=evidence, raised_by="tests", now=now)


def test_a_change_to_one_claim_refreshes_its_page_and_the_lists_only(client, claims):
    a, b = claims
    warm(client, page(a), page(b), LIST, HOME)
    a.text_en = "Claim A rewritten"
    a.save()
    for url in (page(a), LIST):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Claim A rewritten" in text_of(response)
    assert client.get(page(b))["X-Page-Cache"] == "hit"


def test_a_link_health_change_refreshes_that_claim_page_alone(client, claims):
    a, b = claims
    warm(client, page(a), page(b), LIST, HOME)
    assert "Link: not checked yet" in text_of(client.get(page(a)))
    assert check(a.evidence.get(), today_at(9)).outcome == "first"
    response = client.get(page(a))
    assert response["X-Page-Cache"] == "miss"
    assert "Link: working" in text_of(response)
    # No list shows link health: every other page is still served from
    # the cache, rows included.
    for url in (page(b), LIST, HOME):
        assert client.get(url)["X-Page-Cache"] == "hit", url


def cache_state(prefix: str) -> dict[bytes, tuple[bytes, int]]:
    """Every key under ``prefix`` with its value and milliseconds to live,
    but the per-host pacing of requests (the time of each host's last
    request: fetcher bookkeeping, no page)."""
    from django_redis import get_redis_connection

    from claims.services.host_pacing import LAST_PREFIX, PLAN_PREFIX

    client = get_redis_connection("default")
    return {
        key: (client.get(key), client.pttl(key))
        for key in client.scan_iter(match=f"{prefix}:*")
        if LAST_PREFIX.encode() not in key and PLAN_PREFIX.encode() not in key
    }


def test_a_check_that_moves_only_the_time_of_the_last_check_writes_nothing(
    client, claims, redis_cache
):
    a, b = claims
    evidence = a.evidence.get()
    assert check(evidence, today_at(9)).outcome == "first"
    warm(client, page(a), page(b), LIST)
    before = cache_state(redis_cache)
    assert before
    # Later the same day, the same page: only the time of the check moves.
    assert check(evidence, today_at(15)).outcome == "unchanged"
    evidence.refresh_from_db()
    assert evidence.last_checked_at == today_at(15)
    after = cache_state(redis_cache)
    assert after.keys() == before.keys()
    for key, (value, ttl) in after.items():
        assert value == before[key][0], key
        # Nothing written again either: a write would reset the time to live.
        assert ttl < before[key][1] or ttl == -1, key
    assert client.get(page(a))["X-Page-Cache"] == "hit"


def test_a_check_on_another_day_shows_that_day(client, claims):
    a, _b = claims
    evidence = a.evidence.get()
    assert check(evidence, today_at(9) - timedelta(days=1)).outcome == "first"
    warm(client, page(a))
    assert check(evidence, today_at(9)).outcome == "unchanged"
    response = client.get(page(a))
    assert response["X-Page-Cache"] == "miss"
    assert timezone.localdate().isoformat() in response.content.decode()


def test_a_draft_that_never_was_public_refreshes_nothing(client, claims):
    a, b = claims
    warm(client, page(a), page(b), LIST, HOME)
    draft = ClaimFactory(
        state=EditorialState.DRAFT, text_en="Unpublished", speaker=a.speaker
    )
    EvidenceFactory(claim=draft)
    draft.text_en = "Unpublished, edited"
    draft.save()
    for url in (page(a), page(b), LIST, HOME):
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit", url
        assert "Unpublished" not in text_of(response)


def test_a_claim_sent_back_from_public_leaves_no_cached_page(client, claims):
    a, _b = claims
    warm(client, page(a), LIST)
    type(a).objects.filter(pk=a.pk).update(published_at=None)
    a.refresh_from_db()
    a.state = EditorialState.DRAFT
    a.rating = None
    a.save()
    assert client.get(page(a)).status_code == 404
    assert "Claim A as cached" not in text_of(client.get(LIST))


def test_a_topic_added_or_renamed_shows_on_its_claims_page(client, claims):
    from claims.models import Topic

    a, b = claims
    topic = Topic.objects.create(slug="cars", name="汽车", name_en="Cars")
    warm(client, page(a), page(b))
    a.topics.add(topic)
    assert "Cars" in text_of(client.get(page(a)))
    topic.name_en = "Electric cars"
    topic.save()
    assert "Electric cars" in text_of(client.get(page(a)))
    topic.claims.clear()
    assert "Electric cars" not in text_of(client.get(page(a)))
    assert client.get(page(b))["X-Page-Cache"] == "hit"


def test_a_scan_that_flags_more_claims_than_one_write_holds_refreshes_every_page(
    client, redis_cache, monkeypatch
):
    """The deadline scan replaces its claims' versions a few at a time
    (``VERSIONS_PER_WRITE``): every flagged claim's page shows "under
    review" on the next request, the last batch's too."""
    from claims.caching import versions
    from claims.services.scans import claims_deadline_scan

    monkeypatch.setattr(versions, "VERSIONS_PER_WRITE", 2)
    due = ClaimFactory.create_batch(5, published=True, due_h1_2024=True)
    warm(client, *(page(claim) for claim in due))

    report = claims_deadline_scan(raised_by="tests")

    assert report.flagged == 5
    for claim in due:
        response = client.get(page(claim))
        assert response["X-Page-Cache"] == "miss", claim.slug
