"""URLs of the API, its OpenAPI schema and Swagger UI, all under /api/."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .errors import api_not_found
from .views.catalogue import ArticleListView, RatingScaleListView, SpeakerListView
from .views.claimreview import ClaimReviewExportView, ClaimReviewImportView
from .views.claims import (
    ClaimDetailView,
    ClaimListView,
    ClaimPublishView,
    ClaimRetractView,
    ClaimSendBackView,
    ClaimSubmitView,
)
from .views.evidence import EvidenceCreateView, EvidenceUpdateView
from .views.flags import FlagRaiseView, FlagResolveView
from .views.revisions import (
    ClaimRevisionListView,
    RevisionApproveView,
    RevisionDetailView,
    RevisionRejectView,
    RevisionWithdrawView,
)

app_name = "api"

v1 = [
    path("claims/", ClaimListView.as_view(), name="claim-list"),
    path("claims/<slug:slug>/", ClaimDetailView.as_view(), name="claim-detail"),
    path(
        "claims/<slug:slug>/publish/",
        ClaimPublishView.as_view(),
        name="claim-publish",
    ),
    path(
        "claims/<slug:slug>/submit/",
        ClaimSubmitView.as_view(),
        name="claim-submit",
    ),
    path(
        "claims/<slug:slug>/send-back/",
        ClaimSendBackView.as_view(),
        name="claim-send-back",
    ),
    path(
        "claims/<slug:slug>/retract/",
        ClaimRetractView.as_view(),
        name="claim-retract",
    ),
    path(
        "claims/<slug:slug>/evidence/",
        EvidenceCreateView.as_view(),
        name="evidence-create",
    ),
    path("claims/<slug:slug>/flags/", FlagRaiseView.as_view(), name="flag-raise"),
    path(
        "claims/<slug:slug>/revisions/",
        ClaimRevisionListView.as_view(),
        name="claim-revisions",
    ),
    path("revisions/<int:pk>/", RevisionDetailView.as_view(), name="revision"),
    path(
        "revisions/<int:pk>/approve/",
        RevisionApproveView.as_view(),
        name="revision-approve",
    ),
    path(
        "revisions/<int:pk>/reject/",
        RevisionRejectView.as_view(),
        name="revision-reject",
    ),
    path(
        "revisions/<int:pk>/withdraw/",
        RevisionWithdrawView.as_view(),
        name="revision-withdraw",
    ),
    path("evidence/<int:pk>/", EvidenceUpdateView.as_view(), name="evidence"),
    path("flags/<int:pk>/resolve/", FlagResolveView.as_view(), name="flag-resolve"),
    path("speakers/", SpeakerListView.as_view(), name="speaker-list"),
    path("articles/", ArticleListView.as_view(), name="article-list"),
    path("ratings/", RatingScaleListView.as_view(), name="rating-list"),
    path("claimreview/", ClaimReviewExportView.as_view(), name="claimreview-list"),
    path(
        "claimreview/import/",
        ClaimReviewImportView.as_view(),
        name="claimreview-import",
    ),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from the site's static files (drf-spectacular-sidecar) under
    # the site's CSP: its start-up script is the view's "?script" answer (the
    # "split" view) and the page's template has no inline style.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    # Anything else under /api/ is a JSON 404 in the API's error shape.
    # Any rest of the path, line breaks included (%0A in an address).
    re_path(r"^[\s\S]*$", api_not_found),
]
