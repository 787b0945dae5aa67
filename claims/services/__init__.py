"""Every write the tracker makes: admin, API, import, intake, seed and tasks
call these. Claims and their workflow are in ``claims``, evidence in
``evidence``, further appearances in ``appearances``, review flags in
``flags``, deadline wording read into windows in ``deadlines``, the mails
that tell editors and reviewers about work in ``notifications`` (queued
after the commit by ``outbox``), each account's settings in ``profiles``;
the package re-exports the claim functions."""

from .claims import (
    CLAIM_CREATE_FIELDS,
    CLAIM_UPDATE_FIELDS,
    claim_create,
    claim_publish,
    claim_publish_seeded,
    claim_retract,
    claim_send_back,
    claim_submit_for_review,
    claim_update,
)
from .revisions import (
    ClaimChange,
    EvidenceChange,
    claim_change,
    held_fields,
    revision_approve,
    revision_propose,
    revision_reject,
    revision_withdraw,
)

__all__ = [
    "CLAIM_CREATE_FIELDS",
    "CLAIM_UPDATE_FIELDS",
    "ClaimChange",
    "EvidenceChange",
    "claim_change",
    "claim_create",
    "claim_publish",
    "claim_publish_seeded",
    "claim_retract",
    "claim_send_back",
    "claim_submit_for_review",
    "claim_update",
    "held_fields",
    "revision_approve",
    "revision_propose",
    "revision_reject",
    "revision_withdraw",
]
