"""sitemap.xml: every public claim, and the articles and speakers behind them,
in both languages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from claims import selectors
from claims.models import Article, Claim, Speaker


class ReaderSitemap(Sitemap):
    """Each address in both languages, with an ``x-default`` alternate.

    Django's ``x-default`` is the address without a language prefix, which
    redirects to the reader's language; here it is the site's default
    language's address, which answers 200 as search engines ask."""

    i18n = True
    alternates = True
    x_default = True

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
        return selectors.claim_list_public().order_by("pk")

    def lastmod(self, claim: Claim):
        return claim.updated_at


class ArticleSitemap(ReaderSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        public = Claim.objects.public()
        return (
            Article.objects.filter(
                Q(claims__in=public) | Q(appearances__claim__in=public)
            )
            .distinct()
            .order_by("pk")
        )


class SpeakerSitemap(ReaderSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return (
            Speaker.objects.filter(claims__in=Claim.objects.public())
            .annotate(last_change=Max("claims__updated_at"))
            .order_by("pk")
        )

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
