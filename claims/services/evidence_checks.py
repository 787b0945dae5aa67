"""The evidence checks: fetch one link, record what changed.

Celery tasks (claims/tasks.py) and ``manage.py refresh_claims`` call these;
which links are due, and when a link is next due, is ``evidence_schedule``'s.
Each check writes with conditional UPDATEs, so running anything here twice,
or twice at once, raises no duplicate flag and stores no duplicate snapshot.
"""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
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
    Evidence,
    EvidenceSnapshot,
    Flag,
    FlagReason,
    LinkHealth,
)
from claims.services.flags import flag_raise
from claims.services.health import resolver_status_record

from .evidence_schedule import evidence_check_slot
from .host_pacing import host_pace, host_pacer

logger = logging.getLogger(__name__)


@dataclass
class CheckReport:
    outcome: str
    snapshot_taken: bool = False
    flag: Flag | None = None
    detail: str = ""
    # "too_soon": seconds until the link's host may be asked again.
    retry_after: float = 0.0


def _short(title: str, length: int = 40) -> str:
    return title if len(title) <= length else title[: length - 1] + "…"


def _failure_phrase(status: int | None) -> str:
    return f"returned {status}" if status else "had no such host"


class _Check:
    """One evidence check: the fetch result turned into conditional writes."""

    def __init__(self, evidence: Evidence, raised_by: str, now: datetime):
        self.evidence = evidence
        self.raised_by = raised_by
        self.now = now
        self.today = timezone.localdate(now).isoformat()
        self.next_slot = evidence_check_slot(evidence_id=evidence.pk, after=now)
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
            "next_check_at": self.next_slot,
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
                next_check_at=self.next_slot,
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
        next_check = self.next_slot
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
            "next_check_at": self.next_slot,
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
    - Every request (robots.txt and redirects too) waits for its host's
      turn (``host_pacing``); a turn more than
      ``EVIDENCE_HOST_MAX_SLEEP_SECONDS`` away ends the check as
      "too_soon" with ``retry_after``, nothing written (the caller
      reschedules it). A host marked "do not check": "host_excluded", due
      again at its next regular slot.
    Requests carry the ETag and Last-Modified of the last answer; a 304 is
    healthy and unchanged.
    The network fetch runs outside any transaction, and ends within
    ``FETCH_TOTAL_DEADLINE`` whatever the server does.
    """
    if not evidence.url:
        return CheckReport("no_url")
    if not settings.EVIDENCE_FETCH_ENABLED:
        return CheckReport("fetch_disabled")
    pace = host_pace(evidence.url)
    if pace.excluded:
        Evidence.objects.filter(pk=evidence.pk).update(
            next_check_at=evidence_check_slot(
                evidence_id=evidence.pk, after=now or timezone.now()
            )
        )
        return CheckReport("host_excluded", detail=pace.host)
    now = now or timezone.now()
    paced = replace(
        policy or fetch_policy(),
        pace=host_pacer(max_sleep=settings.EVIDENCE_HOST_MAX_SLEEP_SECONDS),
    )
    result = fetch(
        evidence.url,
        policy=paced,
        etag=evidence.etag,
        last_modified=evidence.last_modified,
    )
    if result.outcome == Outcome.TOO_SOON:
        return CheckReport(
            "too_soon", detail=result.reason, retry_after=result.retry_after
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
