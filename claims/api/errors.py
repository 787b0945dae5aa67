"""One JSON shape for every API error.

    {"error": {"status": 400, "code": "invalid", "message": "...",
               "fields": {"rating": ["..."]}}}

``fields`` maps a field (dotted for nested ones: ``evidence.0.url``) to its
messages. A 409 adds ``current`` (the values the client should re-read), a 429
adds ``retry_after`` (seconds), an import error adds ``objects`` (one entry per
rejected object, with its ``index``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

from claims.exceptions import (
    FieldNotAllowed,
    ImportRejected,
    InvalidInput,
    StaleUpdate,
    flatten_errors,
    validation_error_fields,
)

logger = logging.getLogger(__name__)


class Conflict(exceptions.APIException):
    """The client based a change on data that has changed since it read it."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = gettext_lazy("The record has changed since you read it.")

    def __init__(self, detail: str | None = None, *, current: dict[str, Any]):
        super().__init__(detail)
        self.current = current


class RejectedObjects(exceptions.ValidationError):
    """A 400 that lists each rejected object of an import instead of fields."""

    def __init__(self, detail: str, *, objects: list[dict[str, Any]]):
        super().__init__(detail)
        self.objects = objects


def error_body(
    *, status_code: int, code: str, message: str, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status_code, "code": code, "message": message}
    body.update({key: value for key, value in extra.items() if value is not None})
    return {"error": body}


def _message_for_fields(fields: dict[str, list[str]]) -> str:
    if list(fields) == ["non_field_errors"]:
        return " ".join(fields["non_field_errors"])
    names = ", ".join(name for name in fields if name != "non_field_errors")
    return _("Some fields are invalid: %(names)s.") % {"names": names}


def api_exception_handler(exc: Exception, context: dict[str, Any]):
    """DRF's handler, reshaped; Django's errors and the domain's
    (``claims.exceptions``) mapped to their statuses."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_fields(exc))
    elif isinstance(exc, InvalidInput):
        exc = exceptions.ValidationError(exc.fields)
    elif isinstance(exc, FieldNotAllowed):
        exc = exceptions.ValidationError(exc.field_errors())
    elif isinstance(exc, ImportRejected):
        exc = RejectedObjects(str(exc), objects=exc.objects)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, StaleUpdate):
        exc = Conflict(str(exc), current=exc.current)

    response = exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django's 500 handling logs it

    extra: dict[str, Any] = {}
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        if isinstance(exc, RejectedObjects):
            message = str(exc.detail[0]) if exc.detail else ""
            extra["objects"] = exc.objects
        else:
            fields = flatten_errors(exc.detail)
            message = _message_for_fields(fields)
            extra["fields"] = fields
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        code = codes if isinstance(codes, str) else "error"
        message = str(exc.detail) if hasattr(exc, "detail") else str(exc)
        if isinstance(exc, Conflict):
            extra["current"] = exc.current
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            extra["retry_after"] = int(exc.wait + 0.999)
    response.data = error_body(
        status_code=response.status_code, code=code, message=message, **extra
    )
    return response


@csrf_exempt  # answers 404 to any method; there is nothing to protect
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """The JSON 404 for any path under /api/ that names no endpoint."""
    body = error_body(
        status_code=404,
        code="not_found",
        message=_("No API endpoint at %(path)s.") % {"path": request.path},
    )
    return JsonResponse(body, status=404)
