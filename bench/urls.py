"""The project's URLs plus the hello-world reference view (benchmark only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from tracker.urls import handler404, handler500
from tracker.urls import urlpatterns as project_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world!", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello, name="bench-hello"), *project_urlpatterns]
