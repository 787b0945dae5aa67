"""Response headers and compression for every response of the site."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse
from django.utils.translation import gettext as _


class PermissionsPolicyMiddleware:
    """``Permissions-Policy: camera=(), ...`` on every response: the site uses
    none of the browser features in ``PERMISSIONS_POLICY``, so no page (nor
    anything it might embed) may ask for them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=()" for feature in settings.PERMISSIONS_POLICY
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class AdminNulQueryMiddleware:
    """Every admin page answers 400 to NUL characters in its query string
    (list filters, search, ordering), the third-party change lists (login
    attempts) included: PostgreSQL cannot compare them, so the query would
    otherwise fail as a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(reverse("admin:index")) and any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                _("NUL characters are not allowed in a query.")
            )
        return self.get_response(request)


class PublicGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for responses that carry no secret.

    BREACH recovers a secret from the compressed size of a response that
    also reflects text an attacker chose. So nothing is compressed that may
    carry a secret: the admin, any response to a signed-in user or to a
    request with an ``Authorization`` header, and any response that used the
    CSRF token (``get_token`` marks the request). Public pages, the public
    API, CSV and feeds are compressed for clients that accept gzip.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponse
    ) -> HttpResponse:
        if may_carry_secrets(request):
            return response
        return super().process_response(request, response)


def may_carry_secrets(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(
        request.path_info.startswith("/admin/")
        or (user is not None and user.is_authenticated)
        or "HTTP_AUTHORIZATION" in request.META
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )
