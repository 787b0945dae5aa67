"""URLs of the API, its OpenAPI schema and Swagger UI, all under /api/."""

from csp.constants import SELF
from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .errors import api_not_found

app_name = "api"

SWAGGER_CDN = "https://cdn.jsdelivr.net"

v1 = [
    path("claims/", views.ClaimListView.as_view(), name="claim-list"),
    path("claims/<slug:slug>/", views.ClaimDetailView.as_view(), name="claim-detail"),
    path(
        "claims/<slug:slug>/publish/",
        views.ClaimPublishView.as_view(),
        name="claim-publish",
    ),
    path(
        "claims/<slug:slug>/submit/",
        views.ClaimSubmitView.as_view(),
        name="claim-submit",
    ),
    path(
        "claims/<slug:slug>/send-back/",
        views.ClaimSendBackView.as_view(),
        name="claim-send-back",
    ),
    path(
        "claims/<slug:slug>/retract/",
        views.ClaimRetractView.as_view(),
        name="claim-retract",
    ),
    path(
        "claims/<slug:slug>/evidence/",
        views.EvidenceCreateView.as_view(),
        name="evidence-create",
    ),
    path("claims/<slug:slug>/flags/", views.FlagRaiseView.as_view(), name="flag-raise"),
    path("evidence/<int:pk>/", views.EvidenceUpdateView.as_view(), name="evidence"),
    path(
        "flags/<int:pk>/resolve/", views.FlagResolveView.as_view(), name="flag-resolve"
    ),
    path("speakers/", views.SpeakerListView.as_view(), name="speaker-list"),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("ratings/", views.RatingScaleListView.as_view(), name="rating-list"),
    path(
        "claimreview/", views.ClaimReviewExportView.as_view(), name="claimreview-list"
    ),
    path(
        "claimreview/import/",
        views.ClaimReviewImportView.as_view(),
        name="claimreview-import",
    ),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI loads its script and styles from a CDN; its start-up script
    # is served from here (the "split" view), so no inline script is needed.
    path(
        "docs/",
        csp_update(
            {
                "script-src": [SELF, SWAGGER_CDN],
                "style-src": [SWAGGER_CDN],
                "img-src": [SWAGGER_CDN],
            }
        )(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    # Anything else under /api/ is a JSON 404 in the API's error shape.
    re_path(r"^.*$", api_not_found),
]
