"""The sitemap index at /sitemap.xml and its section files: each file within
the per-file limit, every public claim, article and speaker listed exactly
once in each language with its alternates, no draft anywhere."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from claims.models import Appearance, EditorialState
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory
from tests.helpers.pages import url_in
from tests.helpers.sitemaps import (
    SITEMAP_NS,
    alternates,
    entries,
    local,
    locations,
    section_addresses,
    section_files,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

LANGUAGES = [code for code, _ in django_settings.LANGUAGES]


@pytest.fixture
def small_files(settings):
    settings.READER_SITEMAP_URLS_PER_FILE = 3
    return 3


@pytest.fixture
def site():
    """Seven public claims (one retracted), two drafts of their own speaker
    and article, and a public claim repeated in an article of its own."""
    claims = ClaimFactory.create_batch(6, published=True)
    claims.append(ClaimFactory(published=True, state=EditorialState.RETRACTED))
    drafts = [
        ClaimFactory(
            state=state,
            speaker=SpeakerFactory(slug=f"hidden-speaker-{state}"),
            article=ArticleFactory(slug=f"hidden-article-{state}"),
        )
        for state in (EditorialState.DRAFT, EditorialState.IN_REVIEW)
    ]
    repeated_in = ArticleFactory(slug="only-a-repeat")
    Appearance.objects.create(claim=claims[0], article=repeated_in)
    return claims, drafts, repeated_in


def every_location(client) -> list[str]:
    return [loc for body in section_files(client) for loc in locations(body)]


def test_the_index_lists_absolute_section_files(client, site, small_files):
    addresses = section_addresses(client)
    assert addresses
    for address in addresses:
        parts = urlsplit(address)
        assert parts.scheme == "http" and parts.netloc == "testserver", address
        assert parts.path.startswith("/sitemap-") and parts.path.endswith(".xml")
    # Seven claims at one claim (two addresses) a file: seven claim files.
    claim_files = [a for a in addresses if "/sitemap-claims.xml" in a]
    assert len(claim_files) == 7
    assert len(set(addresses)) == len(addresses)


def test_no_section_file_holds_more_than_the_limit(client, site, small_files):
    for body in section_files(client):
        assert 0 < len(entries(body)) <= small_files


def test_every_public_claim_article_and_speaker_is_listed_once_per_language(
    client, site, small_files
):
    claims, drafts, repeated_in = site
    counted = Counter(urlsplit(loc).path for loc in every_location(client))
    assert set(counted.values()) == {1}, counted
    expected = set()
    for language in LANGUAGES:
        expected |= {url_in(language, "claims:home"), url_in(language, "claims:list")}
        for claim in claims:
            expected |= {
                url_in(language, "claims:detail", slug=claim.slug),
                url_in(language, "claims:speaker", slug=claim.speaker.slug),
                url_in(language, "claims:article", slug=claim.article.slug),
            }
        expected.add(url_in(language, "claims:article", slug=repeated_in.slug))
    assert set(counted) == expected


def test_drafts_and_what_only_drafts_carry_never_appear(client, site, small_files):
    _claims, drafts, _repeated_in = site
    text = b"".join(section_files(client)).decode()
    assert "hidden-" not in text
    for draft in drafts:
        assert f"/claims/{draft.slug}/" not in text


def test_each_entry_carries_every_language_and_x_default(client, site, small_files):
    claim = site[0][0]
    found = []
    for body in section_files(client):
        for url in entries(body):
            links = alternates(url)
            assert set(links) == {*LANGUAGES, "x-default"}
            assert links["x-default"] == links[django_settings.LANGUAGE_CODE]
            found.append(links)
    address = {
        language: "http://testserver"
        + url_in(language, "claims:detail", slug=claim.slug)
        for language in LANGUAGES
    }
    assert {**address, "x-default": address[django_settings.LANGUAGE_CODE]} in found


@pytest.mark.parametrize("page", ["0", "99", "abc", "-1"])
def test_a_page_past_the_end_or_not_a_number_is_not_found(
    client, site, small_files, page
):
    assert client.get(f"/sitemap-claims.xml?p={page}").status_code == 404


def test_an_unknown_section_is_not_found(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_head_answers_for_the_index_and_a_section(client, site):
    for url in ("/sitemap.xml", "/sitemap-claims.xml"):
        response = client.head(url)
        assert response.status_code == 200
        assert response.content == b""


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_the_number_of_claims(client, settings):
    settings.READER_SITEMAP_URLS_PER_FILE = 200
    ClaimFactory.create_batch(3, published=True)
    urls = ["/sitemap.xml"] + [
        f"/sitemap-{section}.xml" for section in ("claims", "articles", "speakers")
    ]
    before = {url: queries_for(client, url) for url in urls}
    ClaimFactory.create_batch(30, published=True)
    after = {url: queries_for(client, url) for url in urls}
    assert after == before
    # Where the files start and one file of rows; no query per claim.
    assert before["/sitemap-claims.xml"] <= 3
    body = client.get("/sitemap-claims.xml").content
    assert len(entries(body)) == 33 * len(LANGUAGES)


def claim_file_addresses(client) -> list[str]:
    return [
        local(address)
        for address in section_addresses(client)
        if "/sitemap-claims.xml" in address
    ]


def test_claim_files_partition_the_public_claims_by_id_range(client, settings):
    """With drafts between public claims, each public claim is in exactly one
    file, no file passes the limit, and every file is read by an id range,
    never by counting or skipping rows (no OFFSET, no COUNT)."""
    settings.READER_SITEMAP_URLS_PER_FILE = 5  # two claims (four addresses)
    public = []
    for number in range(11):
        public.append(ClaimFactory(published=True))
        if number % 3 == 0:
            ClaimFactory(state=EditorialState.DRAFT)
    public.append(ClaimFactory(published=True, state=EditorialState.RETRACTED))

    with CaptureQueriesContext(connection) as index_queries:
        files = claim_file_addresses(client)
    listed = Counter()
    for address in files:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
        assert response.status_code == 200
        body = entries(response.content)
        assert 0 < len(body) <= 5, address
        for url in body:
            listed[urlsplit(url.findtext(f"{{{SITEMAP_NS}}}loc")).path] += 1
        rows = [query["sql"] for query in captured if "claims_claim" in query["sql"]]
        assert rows, address
        for sql in rows:
            assert "OFFSET" not in sql.upper() and "COUNT(" not in sql.upper()
        in_range = [sql for sql in rows if '"id" >= ' in sql and '"id" < ' in sql]
        # The file's rows, and its Last-Modified (the latest change).
        [file_rows] = [sql for sql in in_range if "MAX(" not in sql.upper()]
        assert len(in_range) == 2
        # The addresses' values only: no joined table, no whole claim.
        assert "JOIN" not in file_rows.upper()
        assert '"claims_claim"."text"' not in file_rows

    expected = Counter(
        url_in(language, "claims:detail", slug=claim.slug)
        for claim in public
        for language in LANGUAGES
    )
    assert listed == expected
    # Twelve public claims, at most two a file (a draft's id leaves a gap).
    assert 6 <= len(files) < 12
    for query in index_queries:
        assert "OFFSET" not in query["sql"].upper()
        assert "COUNT(" not in query["sql"].upper()


def test_a_file_stays_within_the_byte_limit(client, settings):
    """With a byte limit set, fewer claims go in a file and no file is
    larger than the limit, however long the addresses are."""
    settings.READER_SITEMAP_BYTES_PER_FILE = 12_000
    for number in range(7):
        ClaimFactory(published=True, slug=f"{number}-" + "x" * 70)

    files = claim_file_addresses(client)

    assert len(files) > 1
    seen = 0
    for address in files:
        body = client.get(address).content
        assert len(body) <= 12_000
        seen += len(entries(body))
    assert seen == 7 * len(LANGUAGES)


@pytest.mark.parametrize("section", ["pages", "claims", "articles", "speakers"])
def test_each_file_is_the_xml_djangos_own_sitemap_template_writes(
    site, small_files, rf, section
):
    """The files' entries are written in Python (``urlset_entries``): the
    same bytes, headers and status as Django's sitemap view with its own
    template, page by page, to the first page past the end."""
    from django.contrib.sitemaps.views import sitemap

    from claims.models import Claim
    from reader.sitemaps import SITEMAPS

    # Changed late in the evening UTC: the next day in the site's time zone.
    claims, _drafts, _repeated_in = site
    Claim.objects.filter(pk=claims[0].pk).update(
        updated_at=datetime(2026, 12, 4, 20, 0, tzinfo=UTC)
    )
    for page in range(1, 10):
        request = rf.get(f"/sitemap-{section}.xml", {"p": page})
        answers = []
        for template in ("reader/sitemap.xml", "sitemap.xml"):
            try:
                response = sitemap(
                    request, SITEMAPS, section=section, template_name=template
                )
            except Exception as error:  # noqa: BLE001 - compared below
                answers.append(repr(error))
                continue
            response.render()
            answers.append(
                (response.status_code, dict(response.items()), response.content)
            )
        assert answers[0] == answers[1], (section, page)
        if isinstance(answers[0], str):
            break
    assert page > 1


def test_the_index_is_the_xml_djangos_own_index_template_writes(site, small_files, rf):
    """The index's entries are written in Python (``index_entries``): the
    same bytes, headers and status as Django's index view with its own
    template."""
    from django.contrib.sitemaps.views import index

    from reader.sitemaps import SITEMAPS

    answers = []
    for template in ("reader/sitemap_index.xml", "sitemap_index.xml"):
        response = index(
            rf.get("/sitemap.xml"),
            SITEMAPS,
            template_name=template,
            sitemap_url_name="sitemap-section",
        )
        response.render()
        answers.append((response.status_code, dict(response.items()), response.content))
    assert answers[0] == answers[1]
    assert answers[0][2].count(b"<sitemap>") > 4


def test_a_claims_last_change_is_its_day_in_the_sites_time_zone(client, site):
    """A claim changed at 20:00 UTC on 4 December shows 5 December (the
    site's zone, Asia/Shanghai, is eight hours ahead), and the file's
    Last-Modified is that change to the second."""
    from django.utils.http import http_date

    from claims.models import Claim

    claims, _drafts, _repeated_in = site
    changed = datetime(2026, 12, 4, 20, 0, 5, tzinfo=UTC)
    Claim.objects.filter(pk__in=[claim.pk for claim in claims]).update(
        updated_at=datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    )
    Claim.objects.filter(pk=claims[0].pk).update(updated_at=changed)
    response = client.get("/sitemap-claims.xml")
    days = {
        local(url.findtext(f"{{{SITEMAP_NS}}}loc")): url.findtext(
            f"{{{SITEMAP_NS}}}lastmod"
        )
        for url in entries(response.content)
    }
    assert django_settings.TIME_ZONE == "Asia/Shanghai"
    with translation.override("en"):
        assert days[claims[0].get_absolute_url()] == "2026-12-05"
        assert days[claims[1].get_absolute_url()] == "2026-12-01"
    assert response["Last-Modified"] == http_date(changed.timestamp())


def test_a_file_walks_only_the_ranges_before_it(client, settings):
    """A file finds its start by walking the ranges before it, not the
    whole section: the first ``n`` starts are the section's first ``n``, and
    a file past the last is not found."""
    from claims import selectors
    from reader.sitemaps import range_starts

    settings.READER_SITEMAP_URLS_PER_FILE = 2  # one claim a file
    claims = ClaimFactory.create_batch(5, published=True)
    every = range_starts(selectors.claim_list_sitemap(), width=1)
    assert every == sorted(claim.pk for claim in claims)
    for count in (1, 3, 5, 9):
        assert (
            range_starts(selectors.claim_list_sitemap(), width=1, count=count)
            == every[:count]
        )
    for number, claim in enumerate(claims, start=1):
        body = client.get(f"/sitemap-claims.xml?p={number}").content
        assert {local(loc) for loc in locations(body)} == {
            url_in(language, "claims:detail", slug=claim.slug) for language in LANGUAGES
        }
    assert client.get("/sitemap-claims.xml?p=6").status_code == 404
