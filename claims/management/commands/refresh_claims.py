import time

from django.conf import settings
from django.core.management.base import BaseCommand

from claims.exceptions import TransientCheckError
from claims.models import Evidence
from claims.services.evidence_checks import evidence_check
from claims.services.evidence_schedule import evidence_claim_due
from claims.services.scans import claims_deadline_scan, claims_review_scan

RAISED_BY = "refresh_claims"


class Command(BaseCommand):
    help = (
        "Run every background job once, here and now, without a worker: the "
        "deadline scan, the review-clock scan and the evidence checks that are "
        "due. Prints what it did. Safe to run again: nothing is flagged twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-fetch",
            action="store_true",
            help="Skip the evidence checks (no network access).",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=500,
            help="Check at most this many due evidence items (default 500).",
        )

    def handle(self, *args, no_fetch: bool, limit: int, **options) -> None:
        deadline = claims_deadline_scan(raised_by=RAISED_BY)
        review = claims_review_scan(raised_by=RAISED_BY)
        outcomes: dict[str, int] = {}
        checked = 0
        evidence_flags = 0
        if no_fetch or not settings.EVIDENCE_FETCH_ENABLED:
            fetch_note = " (fetching off)"
        else:
            fetch_note = ""
            ids = evidence_claim_due(limit=limit)
            for evidence in Evidence.objects.filter(pk__in=ids).select_related("claim"):
                try:
                    report = evidence_check(evidence=evidence, raised_by=RAISED_BY)
                    while report.outcome == "too_soon":  # its host's pace
                        time.sleep(report.retry_after)
                        report = evidence_check(evidence=evidence, raised_by=RAISED_BY)
                    outcome = report.outcome
                    evidence_flags += report.flag is not None
                except TransientCheckError:
                    outcome = "transient failure (checked again later)"
                checked += 1
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
        flags = deadline.flagged + review.flagged + evidence_flags
        self.stdout.write(
            f"claims scanned: {deadline.scanned} past their deadline, "
            f"{review.scanned} past their review date"
        )
        self.stdout.write(
            f"flags raised: {flags} (deadline passed {deadline.flagged}, "
            f"review overdue {review.flagged}, evidence {evidence_flags})"
        )
        breakdown = ", ".join(
            f"{name} {count}" for name, count in sorted(outcomes.items())
        )
        self.stdout.write(
            f"evidence checked: {checked}{fetch_note}"
            + (f" ({breakdown})" if breakdown else "")
        )
