from django.urls import path

from . import views

app_name = "claims"

urlpatterns = [
    path("", views.claim_list, name="home"),
    path("claims/", views.claim_list, name="list"),
    path("claims/<slug:slug>/", views.claim_detail, name="detail"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker"),
]
