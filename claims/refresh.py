"""Old home of the background services; re-exports them until importers move.

The scans live in ``claims.services.scans``, the evidence checks in
``claims.services.evidence_checks``, the fetch policy in
``claims.fetching.policy``. Import from there: this module is going away.
"""

from claims.exceptions import TransientCheckError
from claims.fetching.policy import fetch_policy
from claims.services.evidence_checks import (
    CheckReport,
    _Check,
    evidence_check,
    evidence_claim_due,
)
from claims.services.scans import (
    WATCHED_STATES,
    ScanReport,
    _insert_flags,
    claims_deadline_scan,
    claims_review_scan,
)

__all__ = [
    "WATCHED_STATES",
    "CheckReport",
    "ScanReport",
    "TransientCheckError",
    "_Check",
    "_insert_flags",
    "claims_deadline_scan",
    "claims_review_scan",
    "evidence_check",
    "evidence_claim_due",
    "fetch_policy",
]
