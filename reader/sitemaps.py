"""The sitemap: ``/sitemap.xml`` is an index of section sitemaps
(``/sitemap-<section>.xml``, paged with ``?p=``), which list every public
claim, and the articles and speakers behind them, in both languages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.urls import reverse

from claims import selectors
from claims.models import Speaker

# Search engines read at most 50,000 addresses from one sitemap file.
URLS_PER_FILE = 50_000


class LanguagePaginator:
    """Pages of (item, language) pairs over a queryset, read one page at a
    time: a page of the queryset (a count and a slice), each item in every
    language. Django's own sitemap pairs every item with every language in
    memory before paging."""

    def __init__(self, items, languages: list[str], limit: int):
        self.languages = languages
        self.items = Paginator(items, max(1, limit // max(1, len(languages))))

    @property
    def num_pages(self) -> int:
        return self.items.num_pages

    @property
    def count(self) -> int:
        return self.items.count * len(self.languages)

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

    A file holds at most ``limit`` addresses (``READER_SITEMAP_URLS_PER_FILE``,
    50,000 unless set), each item once per language."""

    i18n = True
    alternates = True
    x_default = True

    @property
    def limit(self) -> int:
        return getattr(settings, "READER_SITEMAP_URLS_PER_FILE", URLS_PER_FILE)

    @property
    def paginator(self):
        return LanguagePaginator(self.items(), self._languages(), self.limit)

    def get_latest_lastmod(self):
        # Django's default reads every item; sections without a cheap answer
        # give none.
        return None

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            by_language = {alt["lang_code"]: alt for alt in url.get("alternates", [])}
            default = by_language.get(settings.LANGUAGE_CODE)
            if default and "x-default" in by_language:
                by_language["x-default"]["location"] = default["location"]
        return urls


class ClaimSitemap(ReaderSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return selectors.claim_list_sitemap()

    def lastmod(self, claim):
        return claim.updated_at

    def get_latest_lastmod(self):
        return selectors.public_claims_last_changed()


class ArticleSitemap(ReaderSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return selectors.article_list_sitemap()


class SpeakerSitemap(ReaderSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return selectors.speaker_list_sitemap()

    def lastmod(self, speaker: Speaker):
        return speaker.last_change


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
