"""sitemap.xml: every public claim, and the articles and speakers behind them,
in both languages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from claims import selectors
from claims.models import Article, Claim, Speaker


class ReaderSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


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
