"""Reading the sitemap the way a search engine does: the index, then every
section file it points at."""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.etree import ElementTree

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def local(url: str) -> str:
    """The path and query of an absolute address, for the test client."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def section_addresses(client) -> list[str]:
    """The absolute addresses the index at /sitemap.xml lists."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own sitemap
    assert root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    return [element.text for element in root.iter(f"{{{SITEMAP_NS}}}loc")]


def section_files(client) -> list[bytes]:
    """The body of every section file the index lists."""
    bodies = []
    for address in section_addresses(client):
        response = client.get(local(address))
        assert response.status_code == 200, address
        bodies.append(response.content)
    return bodies


def sitemap_text(client) -> str:
    """Every section file the index lists, one after another."""
    return "\n".join(body.decode() for body in section_files(client))


def entries(body: bytes) -> list[ElementTree.Element]:
    """The ``<url>`` entries of one section file."""
    root = ElementTree.fromstring(body)  # noqa: S314 - our own sitemap
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    return root.findall(f"{{{SITEMAP_NS}}}url")


def locations(body: bytes) -> list[str]:
    return [url.findtext(f"{{{SITEMAP_NS}}}loc") for url in entries(body)]


def alternates(url: ElementTree.Element) -> dict[str, str]:
    return {
        link.get("hreflang"): link.get("href")
        for link in url.findall(f"{{{XHTML_NS}}}link")
    }
