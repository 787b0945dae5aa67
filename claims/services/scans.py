"""The background scans: deadlines passed and reviews overdue.

Celery tasks (claims/tasks.py) and ``manage.py refresh_claims`` call these.
Each scan is set-based (one ``INSERT ... SELECT``, the flag's detail built in
SQL), so running one twice, or twice at once, raises no duplicate flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import (
    Cast,
    Coalesce,
    Concat,
    JSONObject,
    NullIf,
    TruncDate,
)
from django.utils import timezone

from claims.caching.versions import claims_changed
from claims.models import Claim, EditorialState, Flag, FlagReason

from .events import events_record_for_flags
from .inserts import insert_select
from .outbox import Notice, notice_after_commit

# Claims the jobs watch: drafts are not ready, retracted claims are settled.
WATCHED_STATES = (EditorialState.PUBLISHED, EditorialState.IN_REVIEW)


@dataclass
class ScanReport:
    scanned: int = 0
    flagged: int = 0


def _insert_flags(
    claims: QuerySet,
    *,
    detail: JSONObject,
    reason: FlagReason,
    raised_by: str,
    now: datetime,
) -> int:
    """One ``INSERT ... SELECT``: a flag for every claim of ``claims``.

    The detail is built by the database (``JSONObject``) from the claim's row.
    ``ON CONFLICT DO NOTHING`` (PostgreSQL and SQLite alike; no conflict target,
    so the partial open-flag indexes count) turns a flag a concurrent run
    already opened into a no-op. Returns how many were inserted.
    """
    # With few flags on record PostgreSQL plans the "already flagged" check
    # as a nested loop that rescans the flag table for every claim, rows this
    # INSERT adds included: quadratic. A hash or merge anti-join reads the
    # flags once, before the first insert (callers run in a transaction).
    flagged_claims = insert_select(
        Flag,
        claims,
        {
            "claim": F("pk"),
            "reason": Value(str(reason), output_field=CharField()),
            "raised_by": Value(raised_by, output_field=CharField()),
            "raised_at": Value(now, output_field=DateTimeField()),
            "detail": detail,
            "resolution": Value("", output_field=CharField()),
            "resolution_note": Value("", output_field=CharField()),
        },
        on_conflict_do_nothing=True,
        hash_joins=True,
        returning="claim",
    )
    if flagged_claims:  # no signals: their claims' pages show "under review"
        claims_changed(flagged_claims, listed=False)
        events_record_for_flags(reason=reason, raised_by=raised_by, raised_at=now)
        _tell_authors(reason=reason, raised_by=raised_by, now=now)
    return len(flagged_claims)


NOTICE_BATCH = 500


def _tell_authors(*, reason: FlagReason, raised_by: str, now: datetime) -> None:
    """Queue the notice to the authors of the claims this scan flagged (the
    flags it inserted carry its name and time)."""
    ids = list(
        Flag.objects.filter(
            reason=reason,
            raised_by=raised_by,
            raised_at=now,
            claim__submitted_by__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), NOTICE_BATCH):
        notice_after_commit(
            Notice.FLAGS_RAISED, flag_ids=ids[start : start + NOTICE_BATCH]
        )


def _date_text(expression) -> Cast:
    """A date (or a datetime's local date) as ISO text, in SQL."""
    return Cast(expression, output_field=CharField())


def claims_deadline_scan(*, raised_by: str, now: datetime | None = None) -> ScanReport:
    """Flag watched claims whose deadline passed while the rating is not final.

    A claim is flagged once per deadline: not while a deadline flag is open,
    and not again after an editor resolved one raised after this deadline
    (extending the deadline starts a new one). One set-based INSERT.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    passed = (
        Claim.objects.filter(state__in=WATCHED_STATES)
        .deadline_passed(today)
        .filter(Q(rating__isnull=True) | Q(rating__is_final=False))
    )
    already = Flag.objects.filter(
        claim=OuterRef("pk"), reason=FlagReason.DEADLINE_PASSED
    ).filter(Q(resolved_at__isnull=True) | Q(raised_at__date__gt=OuterRef("due_end")))
    text = CharField()
    rating = Coalesce(
        NullIf("rating__label_en", Value("", output_field=text)),
        Value("not rated", output_field=text),
        output_field=text,
    )
    due_end = _date_text("due_end")
    due_text = Case(
        When(due_text="", then=Value("", output_field=text)),
        default=Concat(Value(" ("), "due_text", Value(")"), output_field=text),
        output_field=text,
    )
    detail = JSONObject(
        summary=Concat(
            Value("Deadline passed on "),
            due_end,
            due_text,
            Value(" and the rating is still “"),
            rating,
            Value("”."),
            output_field=text,
        ),
        due_end=due_end,
        rating=rating,
        rating_zh=Coalesce("rating__label_zh", Value("", output_field=text)),
    )
    with transaction.atomic():
        flagged = _insert_flags(
            passed.exclude(Exists(already)),
            detail=detail,
            reason=FlagReason.DEADLINE_PASSED,
            raised_by=raised_by,
            now=now,
        )
    return ScanReport(scanned=passed.count(), flagged=flagged)


def claims_review_scan(*, raised_by: str, now: datetime | None = None) -> ScanReport:
    """Flag watched claims past their ``next_review_at``, once per review due.

    One set-based INSERT; dates in the detail are local dates.
    """
    now = now or timezone.now()
    overdue = Claim.objects.filter(state__in=WATCHED_STATES, next_review_at__lte=now)
    already = Flag.objects.filter(
        claim=OuterRef("pk"), reason=FlagReason.REVIEW_OVERDUE
    ).filter(Q(resolved_at__isnull=True) | Q(raised_at__gte=OuterRef("next_review_at")))
    text = CharField()
    due = _date_text(TruncDate("next_review_at"))
    since = Case(
        When(last_reviewed_at__isnull=True, then=Value("", output_field=text)),
        default=Concat(
            Value(" (last reviewed "),
            _date_text(TruncDate("last_reviewed_at")),
            Value(")"),
            output_field=text,
        ),
        output_field=text,
    )
    detail = JSONObject(
        summary=Concat(
            Value("Review was due on "), due, since, Value("."), output_field=text
        ),
        review_due=due,
    )
    with transaction.atomic():
        flagged = _insert_flags(
            overdue.exclude(Exists(already)),
            detail=detail,
            reason=FlagReason.REVIEW_OVERDUE,
            raised_by=raised_by,
            now=now,
        )
    return ScanReport(scanned=overdue.count(), flagged=flagged)
