"""The project's own endpoints: ``GET /healthz`` for load balancers and
containers, and the error answer every part of the site shares."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from claims.api.errors import error_body
from claims.services.health import health_status
from reader.views import server_error as reader_server_error

# Seconds a client is asked to wait before trying again after a 503.
RETRY_AFTER_SECONDS = 30


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """JSON status of database, cache, broker, resolver, beat and workers;
    503 if any fails."""
    status = health_status()
    return JsonResponse(status, status=200 if status["status"] == "ok" else 503)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: 503 when the database is out of reach (refused, hung,
    timed out), else 500; JSON in the API's error shape under /api/, the
    reader's error page elsewhere.

    Django calls it while handling the exception, so ``sys.exc_info()``
    names the cause.
    """
    error = sys.exc_info()[1]
    unavailable = isinstance(error, OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    if request.path_info.startswith("/api/"):
        if unavailable:
            code = "service_unavailable"
            message = _(
                "The service cannot reach its database right now. "
                "Please try again in a minute."
            )
        else:
            code = "server_error"
            message = _("The request failed because of an error on our side.")
        response: HttpResponse = JsonResponse(
            error_body(status_code=status, code=code, message=message), status=status
        )
    else:
        response = reader_server_error(request, status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
