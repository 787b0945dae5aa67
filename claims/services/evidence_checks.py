"""The evidence checks: claim the links due, fetch one, record what changed.

Celery tasks (claims/tasks.py) and ``manage.py refresh_claims`` call these.
Claiming is one conditional UPDATE and each check writes with conditional
UPDATEs, so running anything here twice, or twice at once, raises no
duplicate flag and stores no duplicate snapshot.
"""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from claims.caching.versions import claim_version, pages_changed
from claims.exceptions import TransientCheckError
from claims.fetching import (
    FetchPolicy,
    FetchResult,
    Outcome,
    content_hash,
    extract_text,
    fetch,
    normalise_text,
    text_diff,
)
from claims.fetching.policy import fetch_policy
from claims.models import (
    Claim,
    Evidence,
    EvidenceSnapshot,
    Flag,
    FlagReason,
    LinkHealth,
)
from claims.services.flags import flag_raise
from claims.services.health import resolver_status_record

from .scans import WATCHED_STATES

logger = logging.getLogger(__name__)


@dataclass
class CheckReport:
    outcome: str
    snapshot_taken: bool = False
    flag: Flag | None = None
    detail: str = ""


def _short(title: str, length: int = 40) -> str:
    return title if len(title) <= length else title[: length - 1] + "…"


def evidence_claim_due(*, limit: int, now: datetime | None = None) -> list[int]:
    """Claim up to ``limit`` evidence items due for a check; return their ids.

    One UPDATE selects the due rows and moves their ``next_check_at`` to the
    end of a lease, so two schedulers never take the same item. An item whose
    check never reports back is due again when the lease ends.
    """
    now = now or timezone.now()
    lease_until = now + timedelta(hours=settings.EVIDENCE_CLAIM_LEASE_HOURS)
    quote = connection.ops.quote_name
    table = quote(Evidence._meta.db_table)
    claim_table = quote(Claim._meta.db_table)
    next_check = quote("next_check_at")
    # Only quoted identifiers are formatted in; every value is a parameter.
    due = (
        f"{quote('url')} <> '' AND {quote('health')} <> %s "  # noqa: S608
        f"AND ({next_check} IS NULL OR {next_check} <= %s) "
        f"AND {quote('claim_id')} IN (SELECT {quote('id')} FROM {claim_table} "
        f"WHERE {quote('state')} IN (%s, %s))"
    )
    skip_locked = (
        " FOR UPDATE SKIP LOCKED"
        if connection.features.has_select_for_update_skip_locked
        else ""
    )
    # The picked ids are a CTE evaluated once: PostgreSQL may run an
    # ``IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)`` subquery again for
    # each row it compares, each run skipping rows the last one locked, and
    # so update more than ``limit`` rows.
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    sql = (
        f"WITH picked AS {materialized}("  # noqa: S608
        f"SELECT {quote('id')} FROM {table} WHERE {due} "
        f"ORDER BY {next_check} IS NOT NULL, {next_check}, {quote('id')} "
        f"LIMIT %s{skip_locked}) "
        f"UPDATE {table} SET {next_check} = %s "
        f"WHERE {quote('id')} IN (SELECT {quote('id')} FROM picked) AND {due} "
        f"RETURNING {quote('id')}"
    )
    adapt = connection.ops.adapt_datetimefield_value
    due_params = [LinkHealth.BLOCKED, adapt(now), *WATCHED_STATES]
    params = [*due_params, limit, adapt(lease_until), *due_params]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(row[0] for row in cursor.fetchall())


def evidence_mark_due(*, evidence_ids: list[int], now: datetime | None = None) -> int:
    """Make these items due for a check now (the next beat tick takes them).

    For checks that were asked for but could not be queued: the work is
    kept in the database, not in the broker. Returns how many rows moved.
    """
    now = now or timezone.now()
    return Evidence.objects.filter(pk__in=evidence_ids).update(next_check_at=now)


def _failure_phrase(status: int | None) -> str:
    return f"returned {status}" if status else "had no such host"


class _Check:
    """One evidence check: the fetch result turned into conditional writes."""

    def __init__(self, evidence: Evidence, raised_by: str, now: datetime):
        self.evidence = evidence
        self.raised_by = raised_by
        self.now = now
        self.today = timezone.localdate(now).isoformat()
        self.interval = timedelta(days=settings.EVIDENCE_CHECK_INTERVAL_DAYS)
        self.dead_after = timedelta(days=settings.EVIDENCE_DEAD_AFTER_DAYS)

    def write(self, **fields) -> bool:
        """Update the evidence unless another check changed it since it was read.

        ``QuerySet.update`` on purpose: link health is bookkeeping, not an
        editorial change, so it writes no history row.
        """
        fields.setdefault("last_checked_at", self.now)
        updated = Evidence.objects.filter(
            pk=self.evidence.pk,
            content_hash=self.evidence.content_hash,
            consecutive_failures=self.evidence.consecutive_failures,
        ).update(**fields)
        if not updated:
            logger.info(
                "evidence %s changed under a concurrent check; result dropped",
                self.evidence.pk,
            )
        elif self.shows_differently(fields):
            # The claim's page only: no list shows link health.
            pages_changed(claim_version(self.evidence.claim_id))
        return bool(updated)

    def shows_differently(self, fields: dict) -> bool:
        """Whether the claim page shows this write: link health, the new
        address of a moved link, or the day of the last check."""
        evidence = self.evidence
        last = evidence.last_checked_at
        return (
            fields.get("health", evidence.health) != evidence.health
            or fields.get("final_url", evidence.final_url) != evidence.final_url
            or last is None
            or timezone.localdate(last) != timezone.localdate(self.now)
        )

    def healthy(self, result: FetchResult) -> dict:
        return {
            "health": LinkHealth.MOVED if result.moved else LinkHealth.OK,
            "http_status": result.status,
            "final_url": result.final_url[:2000],
            "etag": result.etag[:300],
            "last_modified": result.last_modified[:100],
            "consecutive_failures": 0,
            "first_failed_at": None,
            "health_detail": (
                f"redirects to {result.final_url}"[:500] if result.moved else ""
            ),
            "next_check_at": self.now + self.interval,
        }

    def ok(self, result: FetchResult) -> CheckReport:
        evidence = self.evidence
        text = normalise_text(
            extract_text(result.body, content_type=result.content_type),
            today=timezone.localdate(self.now),
        )
        new_hash = content_hash(text)
        fields = self.healthy(result)
        if new_hash == evidence.content_hash:
            self.write(**fields)
            return CheckReport("unchanged")
        first_check = not evidence.content_hash
        if not first_check:
            fields["health"] = LinkHealth.CHANGED
            fields["health_detail"] = f"text changed on {self.today}"
        with transaction.atomic():
            if not self.write(content_hash=new_hash, **fields):
                return CheckReport("raced")
            previous = evidence.snapshots.order_by("-taken_at", "-pk").first()
            limit = EvidenceSnapshot.TEXT_LIMIT
            snapshot = EvidenceSnapshot.objects.create(
                evidence=evidence,
                taken_at=self.now,
                http_status=result.status,
                final_url=result.final_url[:2000],
                content_hash=new_hash,
                text=text[:limit],
                truncated=result.truncated or len(text) > limit,
            )
            if first_check:
                return CheckReport("first", snapshot_taken=True)
            since = (
                f" since the check on {timezone.localdate(previous.taken_at)}"
                if previous
                else ""
            )
            flag = flag_raise(
                claim=evidence.claim,
                reason=FlagReason.EVIDENCE_CHANGED,
                raised_by=self.raised_by,
                evidence=evidence,
                detail={
                    "summary": (
                        f"Evidence “{_short(evidence.title)}” changed on "
                        f"{self.today}{since}."
                    ),
                    "url": evidence.url,
                    "diff": text_diff(previous.text if previous else "", text),
                    "snapshot_id": snapshot.pk,
                    "previous_snapshot_id": previous.pk if previous else None,
                },
            )
        return CheckReport("changed", snapshot_taken=True, flag=flag)

    def not_modified(self, result: FetchResult) -> CheckReport:
        self.write(**self.healthy(result))
        return CheckReport("unchanged")

    def definitive(self, result: FetchResult) -> CheckReport:
        evidence = self.evidence
        phrase = _failure_phrase(result.status)
        first_failed_at = evidence.first_failed_at
        if evidence.consecutive_failures == 0 or first_failed_at is None:
            dead_on = timezone.localdate(self.now + self.dead_after)
            self.write(
                consecutive_failures=1,
                first_failed_at=self.now,
                http_status=result.status,
                health_detail=(
                    f"{phrase} on {self.today}; dead if it still fails on or "
                    f"after {dead_on}"
                ),
                next_check_at=self.now + self.dead_after,
            )
            return CheckReport("failed_once", detail=phrase)
        first_day = timezone.localdate(first_failed_at).isoformat()
        if self.now - first_failed_at < self.dead_after:
            self.write(
                consecutive_failures=evidence.consecutive_failures + 1,
                health_detail=(
                    f"{phrase} on {self.today}, first failed on {first_day}; "
                    "too soon to call it dead"
                ),
                next_check_at=first_failed_at + self.dead_after,
            )
            return CheckReport("failed_again_too_soon", detail=phrase)
        first_phrase = _failure_phrase(evidence.http_status)
        if first_phrase == phrase:
            summary = f"{phrase} twice, on {first_day} and {self.today}"
        else:
            summary = f"{first_phrase} on {first_day} and {phrase} on {self.today}"
        was_dead = evidence.health == LinkHealth.DEAD
        with transaction.atomic():
            if not self.write(
                health=LinkHealth.DEAD,
                consecutive_failures=evidence.consecutive_failures + 1,
                http_status=result.status,
                health_detail=summary[:500],
                next_check_at=self.now + self.interval,
            ):
                return CheckReport("raced")
            flag = None
            if not was_dead:
                flag = flag_raise(
                    claim=evidence.claim,
                    reason=FlagReason.EVIDENCE_DEAD,
                    raised_by=self.raised_by,
                    evidence=evidence,
                    detail={
                        "summary": f"Evidence “{_short(evidence.title)}” {summary}.",
                        "url": evidence.url,
                        "failures": [
                            {"on": first_day, "what": first_phrase},
                            {"on": self.today, "what": phrase},
                        ],
                    },
                )
        return CheckReport("dead", flag=flag, detail=summary)

    def transient(self, result: FetchResult) -> CheckReport:
        self.write(health_detail=f"{result.reason} on {self.today}; retrying"[:500])
        raise TransientCheckError(result.reason)

    def time_limited(self, result: FetchResult) -> CheckReport:
        """Cut off by the fetch's total limit: the server answered too slowly
        to finish, which says nothing about the page being gone, and retrying
        at once would meet the same server. Health stays as it was; the next
        regular check tries again."""
        next_check = self.now + self.interval
        self.write(
            health_detail=(
                f"{result.reason} on {self.today}; link health unchanged, "
                f"checked again on {timezone.localdate(next_check)}"
            )[:500],
            next_check_at=next_check,
        )
        return CheckReport("time_limit", detail=result.reason)

    def failed(self, result: FetchResult) -> CheckReport:
        fields = {
            "health_detail": f"{result.reason} on {self.today}"[:500],
            "next_check_at": self.now + self.interval,
        }
        if self.evidence.consecutive_failures == 0:
            fields["http_status"] = result.status
        self.write(**fields)
        return CheckReport("failed", detail=result.reason)

    def blocked(self, result: FetchResult) -> CheckReport:
        self.write(
            health=LinkHealth.BLOCKED,
            http_status=result.status,
            health_detail=f"refused: {result.reason}"[:500],
            next_check_at=None,
        )
        return CheckReport("blocked", detail=result.reason)


def evidence_check(
    *,
    evidence: Evidence,
    raised_by: str,
    now: datetime | None = None,
    policy: FetchPolicy | None = None,
) -> CheckReport:
    """Fetch one evidence link, record its health, flag its claim on news.

    - Same text as last time: link health only, no snapshot.
    - New text: a snapshot; from the second check on, a "changed" flag with
      the diff.
    - 404, 410, no such host: counted; the link is dead (and flagged) only
      when it fails again at least ``EVIDENCE_DEAD_AFTER_DAYS`` later. "No
      such host" counts only while the resolver works (the fetcher looks up
      ``FETCH_DNS_CONTROL_HOST``); when that fails too, it is transient.
    - Timeout, refused connection, 5xx, 429, a failing DNS resolver:
      ``TransientCheckError`` (the task retries with backoff); never counted
      towards death.
    - Cut off by ``FETCH_TOTAL_DEADLINE``: "time_limit", recorded in the
      health detail, health unchanged, not retried, never counted.
    - Refused by the fetcher's rules or robots.txt: "blocked", not retried.
    The network fetch runs outside any transaction, and ends within
    ``FETCH_TOTAL_DEADLINE`` whatever the server does.
    """
    if not evidence.url:
        return CheckReport("no_url")
    if not settings.EVIDENCE_FETCH_ENABLED:
        return CheckReport("fetch_disabled")
    now = now or timezone.now()
    result = fetch(
        evidence.url,
        policy=policy or fetch_policy(),
        etag=evidence.etag,
        last_modified=evidence.last_modified,
    )
    # Past the name lookup: an answer, a refusal, "no such host" believed.
    # Refused by the fetcher's rules or cut off, it may not have got there.
    if result.resolver_failed or result.outcome not in (
        Outcome.BLOCKED,
        Outcome.TIME_LIMIT,
    ):
        resolver_status_record(
            working=not result.resolver_failed, hostname=socket.gethostname(), now=now
        )
    check = _Check(evidence, raised_by, now)
    handler = {
        Outcome.OK: check.ok,
        Outcome.NOT_MODIFIED: check.not_modified,
        Outcome.DEFINITIVE: check.definitive,
        Outcome.TRANSIENT: check.transient,
        Outcome.FAILED: check.failed,
        Outcome.BLOCKED: check.blocked,
        Outcome.TIME_LIMIT: check.time_limited,
    }[result.outcome]
    report = handler(result)
    logger.info(
        "evidence %s checked: %s %s", evidence.pk, report.outcome, report.detail
    )
    return report
