"""Writes to a claim's evidence: added and edited by editors.

The admin (its evidence inline and the evidence screen), the API and the
seed loader call these. The link checker's bookkeeping (health, status,
hashes, next check) is written by ``evidence_checks`` and
``evidence_schedule``; here only an edited address is made due at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims import permissions
from claims.exceptions import FieldNotAllowed, StaleUpdate
from claims.models import Claim, ClaimRevision, Evidence
from claims.reasons import ChangeReason
from claims.services.history import attribute

from .claims import HELD_MESSAGE
from .search_index import search_index_claims

# What an editor writes about a source; not its link health.
EVIDENCE_FIELDS: tuple[str, ...] = (
    "url",
    "title",
    "title_en",
    "language",
    "publisher",
    "publisher_en",
    "published_on",
    "date_text",
    "note",
    "note_en",
    "stance",
    "position",
)


def _check(
    fields: Mapping[str, Any],
    user: AbstractBaseUser | None,
    *,
    allowed: bool,
    claim: Claim,
    approved_revision: ClaimRevision | None,
) -> None:
    """The allow-list, the user's permission, and the second-person rule: a
    public claim's evidence changes only through an approved revision
    (``claims.services.revisions``)."""
    FieldNotAllowed.refuse_unlisted(fields, allowed=EVIDENCE_FIELDS)
    if approved_revision is not None:  # the approving reviewer was checked
        return
    if user is not None and not allowed:
        raise PermissionDenied(_("Your account may not add or edit evidence."))
    if permissions.changes_held_for_review(user, claim):
        raise PermissionDenied(str(HELD_MESSAGE))


@transaction.atomic
def evidence_create(
    *,
    claim: Claim,
    user: AbstractBaseUser | None,
    fields: Mapping[str, Any],
    reason: str = ChangeReason.ADDED,
    approved_revision: ClaimRevision | None = None,
) -> Evidence:
    """A new source for ``claim`` (``fields`` named in ``EVIDENCE_FIELDS``)."""
    _check(
        fields,
        user,
        allowed=permissions.can_add_evidence(user),
        claim=claim,
        approved_revision=approved_revision,
    )
    evidence = Evidence(claim=claim, **fields)
    attribute(evidence, user=user, reason=reason)
    evidence.full_clean()
    evidence.save()
    search_index_claims(claim_ids=[claim.pk])
    return evidence


@transaction.atomic
def evidence_update(
    *,
    evidence: Evidence,
    user: AbstractBaseUser | None,
    fields: Mapping[str, Any],
    updated_at: datetime | None = None,
    reason: str = ChangeReason.CHANGED,
    approved_revision: ClaimRevision | None = None,
) -> Evidence:
    """Set ``fields`` on the evidence; returns it as saved.

    With ``updated_at`` (the API's client says what it read), the change is
    refused with ``StaleUpdate`` if the evidence changed since: evidence
    carries no version number, its modification time serves as one.
    """
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    _check(
        fields,
        user,
        allowed=permissions.can_edit_evidence(user),
        claim=evidence.claim,
        approved_revision=approved_revision,
    )
    if updated_at is not None and evidence.updated_at != updated_at:
        raise StaleUpdate(
            current={"updated_at": timezone.localtime(evidence.updated_at).isoformat()}
        )
    if "url" in fields and fields["url"] != evidence.url:
        # A new address is checked at the next tick, without the old one's
        # ETag and Last-Modified.
        evidence.next_check_at = timezone.now()
        evidence.etag = evidence.last_modified = ""
    for name, value in fields.items():
        setattr(evidence, name, value)
    attribute(evidence, user=user, reason=reason)
    evidence.full_clean()
    evidence.save()
    search_index_claims(claim_ids=[evidence.claim_id])
    return evidence


@transaction.atomic
def evidence_delete(
    *,
    evidence: Evidence,
    user: AbstractBaseUser | None,
    updated_at: datetime | None = None,
    approved_revision: ClaimRevision | None = None,
) -> None:
    """Remove a source from its claim (refused with ``StaleUpdate`` when it
    changed since ``updated_at``, as ``evidence_update`` is)."""
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    _check(
        {},
        user,
        allowed=permissions.can_delete_evidence(user),
        claim=evidence.claim,
        approved_revision=approved_revision,
    )
    if updated_at is not None and evidence.updated_at != updated_at:
        raise StaleUpdate(current={"updated_at": evidence.updated_at.isoformat()})
    claim_id = evidence.claim_id
    evidence.delete()
    search_index_claims(claim_ids=[claim_id])
