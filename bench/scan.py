"""Deadline and review-clock scans over 100,000 claims, against one SQL UPDATE."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass
class ScanRun:
    scan_seconds: float
    update_seconds: float
    claims: int
    flagged: int
    updated: int


def _reference_update() -> tuple[float, int]:
    """One hand-written UPDATE touching exactly the rows the two scans flag."""
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    sql = (
        "UPDATE claims_claim SET updated_at = %s "
        "WHERE state IN ('published', 'in_review') AND ("
        " (due_end < %s AND (rating_id IS NULL OR rating_id IN "
        "  (SELECT id FROM claims_rating WHERE NOT is_final)))"
        " OR next_review_at <= %s)"
    )
    params = [adapt(now), timezone.localdate(now), adapt(now)]
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        updated = cursor.rowcount
    return time.perf_counter() - started, updated


def run() -> ScanRun:
    from claims.models import Claim
    from claims.services.scans import claims_deadline_scan, claims_review_scan

    update_seconds, updated = _reference_update()
    started = time.perf_counter()
    deadline = claims_deadline_scan(raised_by="bench")
    review = claims_review_scan(raised_by="bench")
    scan_seconds = time.perf_counter() - started
    return ScanRun(
        scan_seconds=scan_seconds,
        update_seconds=update_seconds,
        claims=Claim.objects.count(),
        flagged=deadline.flagged + review.flagged,
        updated=updated,
    )
