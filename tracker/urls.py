from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import index, sitemap
from django.urls import include, path

from reader import views as reader_views
from reader.middleware import reader_page
from reader.sitemaps import SITEMAPS
from tracker.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    # Article intake API for editors (no language prefix).
    path("", include("intake.urls")),
    # An API client's own webhook endpoints (README "Webhooks").
    path("api/v1/webhooks/", include("webhooks.urls")),
    # The API, its schema and docs: no language prefix (README "API").
    path("api/", include("claims.api.urls")),
    path("healthz", healthz, name="healthz"),
    # Reader pages: /robots.txt and /sitemap.xml at the root, pages under a
    # language prefix (/zh-hans/..., /en/...); an address without one is
    # redirected to the reader's language (cookie, then Accept-Language).
    path("robots.txt", reader_views.robots_txt, name="robots-txt"),
    path("favicon.ico", reader_views.favicon, name="favicon"),
    # The rating colours for the admin's badges (no language prefix there).
    path("ratings.css", reader_views.rating_styles, name="rating-styles"),
    # The sitemap index points at each section's sitemap, paged by ?p= at
    # reader.sitemaps.URLS_PER_FILE addresses a file.
    path(
        "sitemap.xml",
        reader_page(index, language_neutral=True),
        # Django's view; entries written by reader.sitemap_xml.index_entries.
        {
            "sitemaps": SITEMAPS,
            "sitemap_url_name": "sitemap-section",
            "template_name": "reader/sitemap_index.xml",
        },
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        reader_page(sitemap, language_neutral=True, parameters=["p"]),
        # Django's view and entries, written by reader.sitemap_xml.urlset_entries.
        {"sitemaps": SITEMAPS, "template_name": "reader/sitemap.xml"},
        name="sitemap-section",
    ),
]
urlpatterns += i18n_patterns(
    path("", include("reader.urls")),
    # Following claims by e-mail, and the speaker, topic and search feeds.
    path("", include("follows.urls")),
)

handler404 = "reader.views.page_not_found"
handler500 = "tracker.views.server_error"
