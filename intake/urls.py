from django.urls import path

from . import api

app_name = "intake"

urlpatterns = [
    path("api/intake/suggest/", api.SuggestView.as_view(), name="api-suggest"),
]
