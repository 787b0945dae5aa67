"""The sitemap: ``/sitemap.xml`` is an index of section sitemaps
(``/sitemap-<section>.xml``, paged with ``?p=``), which list every public
claim, and the articles and speakers behind them, in both languages.

A section file covers a range of primary keys, not an offset: file ``n``
holds the public rows whose id lies in the ``n``-th range of ``width`` ids
(``width`` items fill a file). The index finds where each range starts with
one query that jumps from range to range on the primary key index (a
recursive CTE, one index probe per file), and a file reads its rows with
``id >= start AND id < end``: no query counts or skips every row, and a
file's rows are read as plain values in chunks, never the whole section.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Max, QuerySet
from django.db.models.functions import TruncDate
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from claims import selectors
from claims.models.paths import slug_path, slug_path_parts
from reader.escaping import escape
from reader.sitemap_xml import Entry, EntryWriter

# Search engines read at most 50,000 addresses and 50 MB (52,428,800 bytes,
# uncompressed) from one sitemap file (https://www.sitemaps.org/protocol.html).
# A file is written in one request, so it holds 2,000 (as WordPress's own
# sitemaps do; 0.75 MB, 20 ms to write cold at a million claims, where
# 10,000 took 100 ms); a million claims take some 1,000 files.
URLS_PER_FILE_MAX = 50_000
URLS_PER_FILE = 2_000
BYTES_PER_FILE = 52_428_800

# The longest address an entry can hold, in bytes: "https://", the longest
# host name DNS allows (253), a language prefix and a route such as
# "/zh-hans/speakers/", an 80-character slug (the slug fields' max_length).
LONGEST_ADDRESS = 400

# Rows read from the database at a time while a file is written.
CHUNK_SIZE = 2_000


@cache
def entry_bytes_bound(languages: int) -> int:
    """An upper bound of the bytes one ``<url>`` entry takes in a file: the
    sitemap template rendered with one entry whose addresses are all
    ``LONGEST_ADDRESS`` long, with an alternate per language and
    ``x-default`` (the file's header and footer counted too)."""
    address = "x" * LONGEST_ADDRESS
    entry = {
        "location": address,
        "lastmod": datetime(2000, 12, 31, tzinfo=UTC),
        "changefreq": "monthly",
        "priority": "0.5",
        "alternates": [
            {"location": address, "lang_code": "x" * 16} for _ in range(languages + 1)
        ],
    }
    return len(render_to_string("sitemap.xml", {"urlset": [entry]}).encode())


def items_per_file(*, languages: int) -> int:
    """How many items a file holds: each item is one address per language,
    and a file stays within both the address limit
    (``READER_SITEMAP_URLS_PER_FILE``) and the byte limit
    (``READER_SITEMAP_BYTES_PER_FILE``)."""
    urls = min(
        getattr(settings, "READER_SITEMAP_URLS_PER_FILE", URLS_PER_FILE),
        URLS_PER_FILE_MAX,
    )
    size = getattr(settings, "READER_SITEMAP_BYTES_PER_FILE", BYTES_PER_FILE)
    by_urls = urls // languages
    by_bytes = size // (languages * entry_bytes_bound(languages))
    return max(1, min(by_urls, by_bytes))


def range_starts(
    queryset: QuerySet, *, width: int, count: int | None = None
) -> list[int]:
    """The first id of each file's id range ``[start, start + width)``: the
    smallest id of ``queryset``, then the smallest id at or past the end of
    the range before, and so on. Every row lies in exactly one range, and
    every range holds at least one row and at most ``width``. With
    ``count``, the first ``count`` ranges only (a file needs its own).

    One query: a recursive CTE, each step one probe of the primary key
    index (``ORDER BY pk LIMIT 1``), so it reads about one row per file
    instead of every row. New rows (higher ids) never move an earlier range.
    Works on SQLite and PostgreSQL alike.
    """
    pk = connections[queryset.db].ops.quote_name("pk")
    ids = queryset.order_by().values_list("pk", flat=True)
    ids_sql, ids_params = ids.query.sql_with_params()
    # The text joined here is Django's own compiled query and a quoted column
    # name; every value goes in as a parameter.
    first = f"SELECT s.{pk} FROM ({ids_sql}) s ORDER BY s.{pk} LIMIT 1"  # noqa: S608
    following = (
        f"SELECT s.{pk} FROM ({ids_sql}) s WHERE s.{pk} >= ranges.start + %s "  # noqa: S608
        f"ORDER BY s.{pk} LIMIT 1"
    )
    sql = (
        f"WITH RECURSIVE ranges(start, n) AS (SELECT ({first}), 1 UNION ALL "  # noqa: S608
        f"SELECT ({following}), ranges.n + 1 FROM ranges "
        "WHERE ranges.start IS NOT NULL AND ranges.n < %s) "
        "SELECT start FROM ranges WHERE start IS NOT NULL"
    )
    last = count if count is not None else 2**62
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, [*ids_params, *ids_params, width, last])
        return [row[0] for row in cursor.fetchall()]


class FilePage:
    """One section file: ``object_list`` yields (item, language) pairs as the
    rows come from the database cursor, a chunk at a time; only the file's
    entries are kept (at most the per-file limit)."""

    def __init__(self, object_list: Iterator[tuple[Any, str]], number: int):
        self.object_list = object_list
        self.number = number


class IdRangePaginator:
    """Section files of a queryset cut by primary key range (see the module
    docstring). A file's rows are read as their values only (``fields``),
    each row once per language."""

    def __init__(
        self,
        queryset: QuerySet,
        *,
        fields: tuple[str, ...],
        languages: list[str],
    ):
        self.queryset = queryset
        self.fields = fields
        self.languages = languages
        self.width = items_per_file(languages=len(languages))
        self._starts: list[int] | None = None
        self._walked: list[int] = []  # the first files' starts, as far as asked

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = range_starts(self.queryset, width=self.width)
        return self._starts

    @property
    def num_pages(self) -> int:
        # An empty section still has its first file, empty (as Django's).
        return max(1, len(self.starts))

    def validate_number(self, number) -> int:
        number = _file_number(number)
        if number > self.num_pages:
            raise EmptyPage("That page contains no results")
        return number

    def file_rows(self, number) -> QuerySet:
        """The rows of file ``number``. Its start is found by walking the
        ranges before it only, not the whole section (a thousand probes for
        a million claims)."""
        number = _file_number(number)
        starts = self._starts or self._walked
        if self._starts is None and len(starts) < number:
            starts = self._walked = range_starts(
                self.queryset, width=self.width, count=number
            )
        if len(starts) < number:
            if number == 1:  # an empty section's one file, empty
                return self.queryset.none()
            raise EmptyPage("That page contains no results")
        start = starts[number - 1]
        return self.queryset.filter(pk__gte=start, pk__lt=start + self.width)

    def page(self, number) -> FilePage:
        rows = (
            self.file_rows(number)
            .order_by("pk")
            .values(*self.fields)
            .iterator(chunk_size=CHUNK_SIZE)
        )
        pairs = ((row, language) for row in rows for language in self.languages)
        return FilePage(pairs, int(number))


def _file_number(number) -> int:
    """A file's number (from 1), as Django's ``Paginator`` checks it."""
    try:
        number = int(number)
    except (TypeError, ValueError) as error:
        raise PageNotAnInteger("That page number is not an integer") from error
    if number < 1:
        raise EmptyPage("That page contains no results")
    return number


class LanguagePaginator:
    """Pages of (item, language) pairs over a short list (the site's fixed
    pages), each item in every language."""

    def __init__(self, items, languages: list[str], limit: int):
        self.languages = languages
        self.items = Paginator(items, max(1, limit // max(1, len(languages))))

    @property
    def num_pages(self) -> int:
        return self.items.num_pages

    def page(self, number):
        page = self.items.page(number)
        page.object_list = [
            (item, language) for item in page.object_list for language in self.languages
        ]
        return page


class ReaderSitemap(Sitemap):
    """Each address in both languages, with an ``x-default`` alternate.

    Django's ``x-default`` is the address without a language prefix, which
    redirects to the reader's language; here it is the site's default
    language's address, which answers 200 as search engines ask.

    A file holds at most ``READER_SITEMAP_URLS_PER_FILE`` addresses (2,000
    unless set, 50,000 at most) and ``READER_SITEMAP_BYTES_PER_FILE`` bytes
    (50 MB unless set), each item once per language."""

    i18n = True
    alternates = True
    x_default = True

    @property
    def paginator(self):
        return LanguagePaginator(
            self.items(),
            self._languages(),
            items_per_file(languages=len(self._languages())) * len(self._languages()),
        )

    def get_latest_lastmod(self):
        # Django's default reads every item; sections without a cheap answer
        # give none.
        return None

    def x_default_language(self, languages: list[str]) -> str | None:
        """The language whose address ``x-default`` repeats: the site's
        default, where the entries have an ``x-default``."""
        if self.x_default and settings.LANGUAGE_CODE in languages:
            return settings.LANGUAGE_CODE
        return None

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            by_language = {alt["lang_code"]: alt for alt in url.get("alternates", [])}
            default = self.x_default_language(list(by_language))
            if default and "x-default" in by_language:
                by_language["x-default"]["location"] = by_language[default]["location"]
        return urls


class RowSitemap(ReaderSitemap):
    """A section of database rows, read as values (``fields``); a row's
    address is its model's ``get_absolute_url`` from the slug."""

    fields: tuple[str, ...] = ("slug",)

    def rows(self) -> QuerySet:
        raise NotImplementedError

    def last_change(self, rows: QuerySet) -> datetime | None:
        """When a file's rows (``rows``) last changed, to the second (the
        response's Last-Modified), where ``lastmod`` gives only the day;
        None: the latest ``lastmod``."""
        return None

    @property
    def paginator(self):
        # The index and a file read the paginator once each; the ranges are
        # found once per sitemap object.
        if not hasattr(self, "_paginator"):
            self._paginator = IdRangePaginator(
                self.rows(), fields=self.fields, languages=self._languages()
            )
        return self._paginator

    def location(self, row: dict) -> str:
        # The model's own address (``get_absolute_url``), from the slug alone.
        return slug_path(self.paginator.queryset.model.page_route, row["slug"])

    def _urls(self, page, protocol, domain):
        """Django's ``Sitemap._urls`` for rows: the same entries, with each
        language's address around the slug worked out once per file rather
        than under a language switch per address (three per entry). What a
        row's entries share (addresses, last change, alternates) is written
        once per row, and only the slug is escaped per row."""
        languages = self._languages()
        route = self.paginator.queryset.model.page_route
        around = {}
        for language in languages:
            with translation.override(language):
                around[language] = slug_path_parts(route)
        site = f"{protocol}://{domain}"
        written_around = {
            code: (escape(site + before), escape(after))
            for code, (before, after) in around.items()
        }
        default = self.x_default_language(list(around))
        codes = [*languages, "x-default"] if default else languages
        lastmod_of = getattr(self, "lastmod", None)
        priority = str(self.priority if self.priority is not None else "")
        writer = EntryWriter()
        fixed = writer.fixed(self.changefreq, priority)
        urls = []
        latest, every_lastmod = None, True
        row_seen = None
        for row, language in self.paginator.page(page).object_list:
            if row is not row_seen:
                row_seen = row
                slug = row["slug"]
                address = {
                    code: f"{site}{before}{slug}{after}"
                    for code, (before, after) in around.items()
                }
                slug = escape(slug)
                written = {
                    code: f"{before}{slug}{after}"
                    for code, (before, after) in written_around.items()
                }
                if default:
                    address["x-default"] = address[default]
                    written["x-default"] = written[default]
                lastmod = lastmod_of(row) if callable(lastmod_of) else lastmod_of
                if every_lastmod:
                    every_lastmod = lastmod is not None
                    if every_lastmod and (latest is None or lastmod > latest):
                        latest = lastmod
                alternates = [
                    {"location": address[code], "lang_code": code} for code in codes
                ]
                tail = writer.tail(
                    lastmod, fixed, [(code, written[code]) for code in codes]
                )
                shared = {
                    "lastmod": lastmod,
                    "changefreq": self.changefreq,
                    "priority": priority,
                    "alternates": alternates,
                }
            urls.append(
                Entry(
                    f"<url><loc>{written[language]}</loc>{tail}",
                    (row, language),
                    address[language],
                    shared,
                )
            )
        if every_lastmod and latest:
            exact = self.last_change(self.paginator.file_rows(page))
            self.latest_lastmod = exact or latest
        return urls


class ClaimSitemap(RowSitemap):
    changefreq = "weekly"
    priority = 0.8
    # A claim's last change is read as the day an entry shows, in the
    # site's time zone: parsing a file's 5,000 timestamps in Python took
    # 17 ms of its 80 at a million claims. The file's Last-Modified is read
    # to the second in one more query, along the file's id range (the slice
    # keeps it a subquery: asked for MAX(updated_at) of the range directly,
    # PostgreSQL walks the index on updated_at from the newest claim until
    # it meets one in the range).
    fields = ("slug", "updated_on")

    def rows(self):
        return selectors.claim_list_sitemap().annotate(
            updated_on=TruncDate("updated_at", tzinfo=timezone.get_current_timezone())
        )

    def lastmod(self, row: dict):
        return row["updated_on"]

    def last_change(self, rows: QuerySet) -> datetime | None:
        along_ids = rows.order_by("pk")[: self.paginator.width]
        return along_ids.aggregate(last=Max("updated_at"))["last"]

    def get_latest_lastmod(self):
        return selectors.public_claims_last_changed()


class ArticleSitemap(RowSitemap):
    changefreq = "monthly"
    priority = 0.5

    def rows(self):
        return selectors.article_list_sitemap()


class SpeakerSitemap(RowSitemap):
    changefreq = "weekly"
    priority = 0.5
    fields = ("slug", "last_change")

    def rows(self):
        return selectors.speaker_list_sitemap()

    def lastmod(self, row: dict):
        return row["last_change"]


class PageSitemap(ReaderSitemap):
    priority = 1.0
    changefreq = "daily"

    def items(self):
        return ["claims:home", "claims:list"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "claims": ClaimSitemap,
    "articles": ArticleSitemap,
    "speakers": SpeakerSitemap,
}
