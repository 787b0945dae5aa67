"""Both Atom feeds, in both languages, keep RFC 4287's rules: the feed has an
id, a title, an updated date and an author; every entry has an absolute,
unique id, a title, an updated date and an author (its own or the feed's);
every link is absolute; ids do not depend on the host a request came in on.
"""

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone

from claims.models import EditorialState, Rating
from tests.factories import ClaimFactory
from tests.helpers.claims import rerate
from tests.helpers.pages import url_in

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
LANGUAGES = ("en", "zh-hans")
# RFC 3339 date-time, as RFC 4287 section 3.3 requires.
DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)


@pytest.fixture
def claims():
    rerated = ClaimFactory(
        published=True,
        text="小米AI团队超过1200人。",
        text_en="Xiaomi's AI team has over 1,200 people.",
    )
    # Two re-ratings in quick succession: their ids must still differ.
    rerate(
        rerated,
        Rating.objects.get(slug="mostly-true"),
        kind="correction",
        reason="Contractors.",
    )
    rerate(
        rerated,
        Rating.objects.get(slug="half-true"),
        kind="update",
        reason="New figures.",
    )
    retracted = ClaimFactory(published=True, text="第二条", text_en="")
    retracted.state = EditorialState.RETRACTED
    retracted.retracted_at = timezone.now()
    retracted.retraction_reason = "Misquoted."
    retracted.save()
    ClaimFactory(text="草稿")  # a draft: in no feed
    return rerated, retracted


def feeds(claims) -> list[tuple[str, str]]:
    rerated, retracted = claims
    return [
        (language, url)
        for language in LANGUAGES
        for url in (
            url_in(language, "claims:feed"),
            url_in(language, "claims:claim-feed", slug=rerated.slug),
            url_in(language, "claims:claim-feed", slug=retracted.slug),
        )
    ]


def parse(client, url: str, host: str = "testserver") -> ET.Element:
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own feed


def is_absolute_iri(value: str | None) -> bool:
    if not value:
        return False
    parts = urlsplit(value)
    if parts.scheme == "tag":
        return True
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def assert_author(element: ET.Element, where: str) -> None:
    author = element.find(f"{ATOM}author")
    assert author is not None, f"{where}: no author"
    name = author.findtext(f"{ATOM}name")
    assert name == settings.SITE_NAME, where
    uri = author.findtext(f"{ATOM}uri")
    assert uri is None or is_absolute_iri(uri), where


def assert_links_absolute(element: ET.Element, where: str) -> None:
    for link in element.findall(f"{ATOM}link"):
        assert is_absolute_iri(link.get("href")), f"{where}: {link.get('href')}"


def assert_date_time(value: str | None, where: str) -> None:
    assert value and DATE_TIME.match(value), f"{where}: {value!r}"
    datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.mark.parametrize("index", range(6))
def test_each_feed_keeps_rfc_4287s_rules(client, claims, index):
    language, url = feeds(claims)[index]
    root = parse(client, url)
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    assert is_absolute_iri(root.findtext(f"{ATOM}id")), url
    assert root.findtext(f"{ATOM}title"), url
    assert_date_time(root.findtext(f"{ATOM}updated"), url)
    assert_author(root, url)
    assert_links_absolute(root, url)
    rels = [link.get("rel") for link in root.findall(f"{ATOM}link")]
    assert "self" in rels and "alternate" in rels

    entries = root.findall(f"{ATOM}entry")
    assert entries, url
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids), ids
    for entry in entries:
        where = f"{url} {entry.findtext(f'{ATOM}id')}"
        assert is_absolute_iri(entry.findtext(f"{ATOM}id")), where
        assert entry.findtext(f"{ATOM}title"), where
        assert_date_time(entry.findtext(f"{ATOM}updated"), where)
        assert_author(entry, where)
        assert_links_absolute(entry, where)
        # An entry without content needs an alternate link (section 4.1.1).
        alternates = [
            link
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        assert alternates, where


def test_ids_are_the_same_whatever_host_the_request_came_in_on(
    client, claims, settings
):
    settings.ALLOWED_HOSTS = [
        *settings.ALLOWED_HOSTS,
        "testserver",
        "claims.example.org",
    ]
    for _language, url in feeds(claims):
        first = parse(client, url)
        second = parse(client, url, host="claims.example.org")
        assert first.findtext(f"{ATOM}id") == second.findtext(f"{ATOM}id")
        assert [e.findtext(f"{ATOM}id") for e in first.iter(f"{ATOM}entry")] == [
            e.findtext(f"{ATOM}id") for e in second.iter(f"{ATOM}entry")
        ]


def test_ids_and_links_are_on_the_sites_address(client, claims):
    site = settings.SITE_URL.rstrip("/") + "/"
    root = parse(client, url_in("en", "claims:feed"))
    assert root.findtext(f"{ATOM}id").startswith(site)
    for entry in root.iter(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id").startswith(site)
        for link in entry.findall(f"{ATOM}link"):
            assert link.get("href").startswith(site)


def test_the_site_feed_and_a_claim_feed_give_an_event_the_same_id(client, claims):
    rerated, _retracted = claims
    site = parse(client, url_in("en", "claims:feed"))
    claim = parse(client, url_in("en", "claims:claim-feed", slug=rerated.slug))
    claim_ids = {e.findtext(f"{ATOM}id") for e in claim.iter(f"{ATOM}entry")}
    site_ids = {e.findtext(f"{ATOM}id") for e in site.iter(f"{ATOM}entry")}
    assert len(claim_ids) == 3
    assert claim_ids <= site_ids
