"""The project's own endpoint: ``GET /healthz`` for load balancers and containers."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from claims.services.health import health_status


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """JSON status of database, cache, broker, beat and workers; 503 if any fails."""
    status = health_status()
    return JsonResponse(status, status=200 if status["status"] == "ok" else 503)
