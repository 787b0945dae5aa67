from django.urls import path

from . import feeds, views
from .middleware import reader_page

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/", views.claim_list, name="list"),
    path("feed/", reader_page(feeds.RatingChangesFeed()), name="feed"),
    path("claims/<slug:slug>/", views.claim_detail, name="detail"),
    path("claims/<slug:slug>/preview/", views.claim_preview, name="preview"),
    path(
        "revisions/<int:pk>/preview/",
        views.revision_preview,
        name="revision-preview",
    ),
    path("claims/<slug:slug>/feed/", reader_page(feeds.ClaimFeed()), name="claim-feed"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker"),
    path("corrections/", views.corrections, name="corrections"),
    path("ratings.css", views.rating_styles, name="rating-styles"),
    path("language/<str:language>/", views.language_switch, name="language"),
]
