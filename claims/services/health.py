"""Liveness: heartbeats written by beat and workers, and the status ``GET /healthz``
reports (the view is ``tracker.views.healthz``)."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from claims.models import Heartbeat, HeartbeatSource

logger = logging.getLogger(__name__)


def heartbeat_record(
    *, source: HeartbeatSource, hostname: str, now: datetime | None = None
) -> None:
    """Note that ``source`` on ``hostname`` is alive (one row per host)."""
    now = now or timezone.now()
    hostname = hostname[:200]
    updated = Heartbeat.objects.filter(source=source, hostname=hostname).update(
        seen_at=now
    )
    if updated:
        return
    try:
        with transaction.atomic():
            Heartbeat.objects.create(source=source, hostname=hostname, seen_at=now)
    except IntegrityError:  # another process created it meanwhile
        Heartbeat.objects.filter(source=source, hostname=hostname).update(seen_at=now)


def resolver_status_record(
    *, working: bool, hostname: str, now: datetime | None = None
) -> None:
    """Note whether the DNS resolver on ``hostname`` works (a fetch reached a
    server, or heard "no such host" while the control name resolved) or fails
    every lookup; ``/healthz`` reports a failing one until it works again."""
    if working:
        Heartbeat.objects.filter(
            source=HeartbeatSource.RESOLVER_FAILING, hostname=hostname[:200]
        ).delete()
    else:
        heartbeat_record(
            source=HeartbeatSource.RESOLVER_FAILING, hostname=hostname, now=now
        )


def _check_resolver() -> dict:
    try:
        failing = list(
            Heartbeat.objects.filter(source=HeartbeatSource.RESOLVER_FAILING)
            .order_by("-seen_at")
            .values_list("hostname", "seen_at")
        )
    except Exception as error:  # the database check reports the cause
        return {"ok": False, "error": type(error).__name__}
    if not failing:
        return {"ok": True}
    return {
        "ok": False,
        "error": "failing",
        "hosts": [hostname for hostname, _seen in failing],
        "last_failure": failing[0][1].isoformat(),
    }


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "down"; say which
        logger.warning("healthz: database check failed: %s", error)
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def _check_cache() -> dict:
    key = "healthz:probe"
    token = secrets.token_hex(8)
    try:
        cache.set(key, token, 30)
        ok = cache.get(key) == token
    except Exception as error:  # backends without IGNORE_EXCEPTIONS raise
        logger.warning("healthz: cache check failed: %s", error)
        return {"ok": False, "error": type(error).__name__}
    return {"ok": ok} if ok else {"ok": False, "error": "value not stored"}


def _check_broker() -> dict:
    from tracker.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
    except Exception as error:  # kombu raises many types; all mean "down"
        logger.warning("healthz: broker check failed: %s", error)
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "transport": str(transport)}


def _check_heartbeat(source: HeartbeatSource, now: datetime) -> dict:
    max_age = settings.HEALTH_HEARTBEAT_MAX_AGE
    try:
        last = Heartbeat.objects.filter(source=source).aggregate(last=Max("seen_at"))[
            "last"
        ]
    except Exception as error:  # the database check reports the cause
        return {"ok": False, "error": type(error).__name__}
    if last is None:
        return {"ok": False, "last_seen": None, "error": "never seen"}
    age = (now - last).total_seconds()
    result = {
        "ok": age <= max_age,
        "last_seen": last.isoformat(),
        "age_seconds": round(age),
        "max_age_seconds": max_age,
    }
    if not result["ok"]:
        result["error"] = "stale"
    return result


def health_status(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    checks = {
        "database": _check_database(),
        "cache": _check_cache(),
        "broker": _check_broker(),
        # A worker's resolver: evidence links are not judged while it fails.
        "resolver": _check_resolver(),
        "beat": _check_heartbeat(HeartbeatSource.BEAT, now),
        "worker": _check_heartbeat(HeartbeatSource.WORKER, now),
    }
    ok = all(check["ok"] for check in checks.values())
    return {"status": "ok" if ok else "fail", "checked_at": now.isoformat(), **checks}
