"""Every sitemap file is valid against the sitemaps.org schema
(``sitemap.xsd``), as a search engine's validator reads it.

The schema checks elements of other namespaces strictly and the hreflang
alternates' (``xhtml:link``) is not published with it: they are checked
here by hand (rel, hreflang and an absolute href) and set aside for the
schema."""

from __future__ import annotations

import pytest
from lxml import etree

from claims.models import Appearance, EditorialState
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory
from tests.helpers.sitemaps import SITEMAP_NS, XHTML_NS, local, section_addresses

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def site(settings):
    settings.READER_SITEMAP_URLS_PER_FILE = 4  # several files a section
    claims = ClaimFactory.create_batch(5, published=True)
    ClaimFactory(published=True, state=EditorialState.RETRACTED)
    ClaimFactory(state=EditorialState.DRAFT, speaker=SpeakerFactory())
    Appearance.objects.create(claim=claims[0], article=ArticleFactory())
    return claims


def test_every_sitemap_file_is_valid_against_the_sitemaps_org_schema(
    client, site, sitemap_schema
):
    files = section_addresses(client)
    assert len(files) > 4
    for address in files:
        response = client.get(local(address))
        assert response.status_code == 200, address
        document = etree.fromstring(response.content)
        links = list(document.iter(f"{{{XHTML_NS}}}link"))
        for link in links:
            assert link.get("rel") == "alternate", address
            assert link.get("hreflang"), address
            assert link.get("href", "").startswith("http://testserver/"), address
            link.getparent().remove(link)
        assert sitemap_schema.validate(document), (
            address,
            str(sitemap_schema.error_log.last_error),
        )
        assert len(document.findall(f"{{{SITEMAP_NS}}}url")) > 0, address
        assert links, address


def test_the_sitemap_index_is_valid_against_the_sitemaps_org_schema(
    client, site, siteindex_schema
):
    response = client.get("/sitemap.xml")
    document = etree.fromstring(response.content)

    assert siteindex_schema.validate(document), str(
        siteindex_schema.error_log.last_error
    )
    assert len(document) > 4  # one entry per file of each section


def test_the_index_schema_refuses_what_the_protocol_does(siteindex_schema):
    """The schema is not one that accepts anything: an entry without its
    address, an address shorter than the protocol's 12 characters or a date
    in another format fails it."""
    index = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap>{}</sitemap></sitemapindex>"
    )
    good = (
        "<loc>http://testserver/sitemap-claims.xml</loc><lastmod>2026-12-05</lastmod>"
    )
    assert siteindex_schema.validate(etree.fromstring(index.format(good)))
    for bad in (
        "<lastmod>2026-12-05</lastmod>",
        "<loc>/x.xml</loc>",
        "<loc>http://testserver/sitemap-claims.xml</loc><lastmod>5 Dec 2026</lastmod>",
    ):
        assert not siteindex_schema.validate(etree.fromstring(index.format(bad))), bad
