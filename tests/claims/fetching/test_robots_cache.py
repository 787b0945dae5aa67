"""robots.txt is fetched once per site, not once per evidence check."""

import pytest

from claims.fetching import FetchPolicy, Outcome, fetch
from claims.services.evidence_checks import evidence_check
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.servers import Page, html


class DictCache:
    def __init__(self):
        self.values = {}

    def get(self, key):
        return self.values.get(key)

    def set(self, key, value, timeout):
        self.values[key] = value


def policy(server, cache) -> FetchPolicy:
    return FetchPolicy(
        user_agent="ClaimTrackerBot/1.0 (tests)",
        unsafe_allowed_hosts=frozenset({server.host}),
        robots_cache=cache,
    )


def test_two_fetches_from_one_site_read_robots_txt_once(page_server):
    page_server.pages["/robots.txt"] = Page(
        body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    page_server.pages["/a"] = Page(body=html("一"))
    page_server.pages["/b"] = Page(body=html("二"))
    page_server.pages["/private/c"] = Page(body=html("三"))
    cache = DictCache()
    assert fetch(page_server.url("/a"), policy=policy(page_server, cache)).outcome == (
        Outcome.OK
    )
    assert fetch(page_server.url("/b"), policy=policy(page_server, cache)).outcome == (
        Outcome.OK
    )
    # The cached rules still apply.
    blocked = fetch(page_server.url("/private/c"), policy=policy(page_server, cache))
    assert blocked.outcome == Outcome.BLOCKED
    assert "robots.txt" in blocked.reason
    assert page_server.hits("/robots.txt") == 1
    assert page_server.hits("/private/c") == 0


def test_a_site_without_robots_txt_is_remembered_too(page_server):
    page_server.pages["/a"] = Page(body=html("一"))
    cache = DictCache()
    for _ in range(2):
        result = fetch(page_server.url("/a"), policy=policy(page_server, cache))
        assert result.outcome == Outcome.OK
    assert page_server.hits("/robots.txt") == 1


def test_a_failing_robots_txt_is_not_remembered(page_server):
    page_server.pages["/robots.txt"] = Page(status=503, content_type="text/plain")
    page_server.pages["/a"] = Page(body=html("一"))
    cache = DictCache()
    for _ in range(2):
        result = fetch(page_server.url("/a"), policy=policy(page_server, cache))
        assert result.outcome == Outcome.OK
    assert page_server.hits("/robots.txt") == 2
    assert not cache.values


def test_without_a_cache_every_fetch_reads_robots_txt(page_server):
    page_server.pages["/a"] = Page(body=html("一"))
    for _ in range(2):
        fetch(page_server.url("/a"), policy=policy(page_server, None))
    assert page_server.hits("/robots.txt") == 2


@pytest.mark.django_db
def test_two_evidence_checks_of_one_site_fetch_robots_txt_once(fetch_allowed):
    fetch_allowed.pages["/one"] = Page(body=html("小米汽车将于2024年上半年量产。"))
    fetch_allowed.pages["/two"] = Page(body=html("小米汽车量产推迟。"))
    claim = ClaimFactory(published=True)
    for path in ("/one", "/two"):
        evidence = EvidenceFactory(claim=claim, url=fetch_allowed.url(path))
        report = evidence_check(evidence=evidence, raised_by="tests")
        assert report.outcome == "first"
    assert fetch_allowed.hits("/robots.txt") == 1
    assert fetch_allowed.hits("/one") == fetch_allowed.hits("/two") == 1
