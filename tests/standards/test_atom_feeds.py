"""Every Atom feed the site serves (site-wide and one per public claim, in
both languages) keeps RFC 4287's rules, on the seed data plus the states the
seed lacks (re-rated, retracted): absolute and unique ids, an author, RFC 3339
dates, a title, a self link to the feed itself, and each entry's language,
declared by xml:lang, that of the feed, except a rating explanation in the
other language, which says so. (A re-rating's or retraction's public reason
is written once, in no recorded language: its summary has the feed's.)"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from claims.models import Claim
from tests.helpers.page_set import (
    CHINESE_ONLY,
    LANGUAGES,
    RE_RATED,
    RETRACTED,
    seed_every_state,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# RFC 3339's date-time (RFC 4287 section 3.3): upper-case T and Z, seconds.
RFC_3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)
CHINESE = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”|\([^)]*\)|（[^）]*）")


def written_in(text: str) -> str:
    """``zh-hans`` when most of the text outside quotes and brackets is
    Chinese characters, else ``en`` (an English explanation quoting the
    Chinese words it checks stays English)."""
    text = QUOTED.sub("", text)
    chinese = len(CHINESE.findall(text))
    return "zh-hans" if chinese > len(LATIN.findall(text)) / 4 else "en"


def feed_urls() -> list[tuple[str, str]]:
    """(language, address) of every feed: the site's and each public claim's."""
    slugs = Claim.objects.public().order_by("slug").values_list("slug", flat=True)
    urls = []
    for language in LANGUAGES:
        with translation.override(language):
            urls.append((language, reverse("claims:feed")))
            urls += [
                (language, reverse("claims:claim-feed", kwargs={"slug": slug}))
                for slug in slugs
            ]
    return urls


def is_absolute_iri(value: str | None) -> bool:
    parts = urlsplit(value or "")
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def language_of(element: ET.Element, inherited: str) -> str:
    return element.get(XML_LANG, inherited)


def feed_problems(url: str, language: str, root: ET.Element) -> list[str]:
    """What in one feed breaks RFC 4287 or its language, as readable lines."""
    problems = []

    def check(ok: bool, what: str) -> None:
        if not ok:
            problems.append(f"{url}: {what}")

    check(root.tag == f"{ATOM}feed", f"root element is {root.tag}")
    feed_language = root.get(XML_LANG)
    check(feed_language == language, f"feed xml:lang is {feed_language!r}")
    check(is_absolute_iri(root.findtext(f"{ATOM}id")), "feed id not an absolute IRI")
    check(bool(root.findtext(f"{ATOM}title")), "feed has no title")
    updated = root.findtext(f"{ATOM}updated")
    check(bool(updated and RFC_3339.match(updated)), f"feed updated {updated!r}")
    links = root.findall(f"{ATOM}link")
    selfs = [link.get("href") for link in links if link.get("rel") == "self"]
    check(
        len(selfs) == 1 and urlsplit(selfs[0]).path == url,
        f"self link {selfs} is not the feed's own address",
    )
    for link in links:
        check(is_absolute_iri(link.get("href")), f"link {link.get('href')!r}")
    feed_author = root.find(f"{ATOM}author")

    entries = root.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    check(not duplicates, f"entry ids repeated: {duplicates}")
    for entry, entry_id in zip(entries, ids, strict=True):
        where = f"entry {entry_id}"
        check(is_absolute_iri(entry_id), f"{where}: id not an absolute IRI")
        check(bool(entry.findtext(f"{ATOM}title")), f"{where}: no title")
        updated = entry.findtext(f"{ATOM}updated")
        check(
            bool(updated and RFC_3339.match(updated)), f"{where}: updated {updated!r}"
        )
        author = entry.find(f"{ATOM}author")
        check(
            (author if author is not None else feed_author) is not None
            and bool((author or feed_author).findtext(f"{ATOM}name")),
            f"{where}: no author (nor one on the feed)",
        )
        entry_language = language_of(entry, feed_language)
        check(entry_language == language, f"{where}: xml:lang {entry_language!r}")
        for link in entry.findall(f"{ATOM}link"):
            check(
                is_absolute_iri(link.get("href")), f"{where}: link {link.get('href')!r}"
            )
        summary = entry.find(f"{ATOM}summary")
        if "#published-" in entry_id and summary is not None and summary.text:
            said = language_of(summary, entry_language)
            actual = written_in(summary.text)
            check(
                said == actual,
                f"{where}: summary in {actual} says xml:lang {said!r}: "
                f"{summary.text[:60]!r}",
            )
    return problems


def test_every_feed_keeps_rfc_4287_and_says_its_language(client):
    seed_every_state()
    problems = []
    entries_seen = set()
    other_language_summaries = []
    for language, url in feed_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/atom+xml"), url
        root = ET.fromstring(response.content)  # noqa: S314 - our own feed
        problems += feed_problems(url, language, root)
        entries_seen |= {e.findtext(f"{ATOM}id") for e in root.iter(f"{ATOM}entry")}
        other_language_summaries += [
            (url, summary.get(XML_LANG))
            for summary in root.iter(f"{ATOM}summary")
            if summary.get(XML_LANG)
        ]
    assert not problems, f"{len(problems)} feed problems:\n" + "\n".join(problems)
    # The re-rated and the retracted claims' events are among them.
    assert any(RE_RATED in entry and "#rerated-" in entry for entry in entries_seen)
    assert any(RETRACTED in entry and "#retracted-" in entry for entry in entries_seen)
    # The claim explained in Chinese only: its English feed marks the summary.
    assert (f"/en/claims/{CHINESE_ONLY}/feed/", "zh-hans") in other_language_summaries
