from django.urls import path

from . import api

app_name = "webhooks"

urlpatterns = [
    path("", api.EndpointListView.as_view(), name="endpoint-list"),
    path("<int:pk>/", api.EndpointDetailView.as_view(), name="endpoint-detail"),
    path(
        "<int:pk>/rotate-secret/",
        api.EndpointRotateSecretView.as_view(),
        name="endpoint-rotate-secret",
    ),
    path(
        "<int:pk>/deliveries/",
        api.DeliveryListView.as_view(),
        name="delivery-list",
    ),
    path(
        "deliveries/<int:pk>/replay/",
        api.DeliveryReplayView.as_view(),
        name="delivery-replay",
    ),
]
