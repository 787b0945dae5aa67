from django.urls import path

from reader.filters import LIST_PARAMETERS
from reader.middleware import reader_page

from . import feeds, views

app_name = "follows"

urlpatterns = [
    path("follow/", views.follow, name="follow"),
    path("follow/confirm/<str:token>/", views.confirm, name="confirm"),
    path("follow/manage/<str:token>/", views.manage, name="manage"),
    path("follow/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "speakers/<slug:slug>/feed/",
        reader_page(feeds.SpeakerFeed()),
        name="speaker-feed",
    ),
    path("topics/<slug:slug>/feed/", reader_page(feeds.TopicFeed()), name="topic-feed"),
    path(
        "search/feed/",
        reader_page(feeds.SearchFeed(), parameters=LIST_PARAMETERS),
        name="search-feed",
    ),
]
