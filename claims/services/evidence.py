"""Writes to a claim's evidence: added and edited by editors.

The admin (its evidence inline and the evidence screen), the API and the
seed loader call these. The link checker's bookkeeping (health, status,
hashes, next check) is written by ``evidence_checks`` alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from claims import permissions
from claims.exceptions import FieldNotAllowed, StaleUpdate
from claims.models import Claim, Evidence
from claims.reasons import ChangeReason
from claims.services.history import attribute

from .search_index import search_index_claims

# What an editor writes about a source; not its link health.
EVIDENCE_FIELDS: tuple[str, ...] = (
    "url",
    "title",
    "publisher",
    "published_on",
    "date_text",
    "note",
    "stance",
    "position",
)


def _check(
    fields: Mapping[str, Any], user: AbstractBaseUser | None, *, allowed: bool
) -> None:
    FieldNotAllowed.refuse_unlisted(fields, allowed=EVIDENCE_FIELDS)
    if user is not None and not allowed:
        raise PermissionDenied(_("Your account may not add or edit evidence."))


@transaction.atomic
def evidence_create(
    *,
    claim: Claim,
    user: AbstractBaseUser | None,
    fields: Mapping[str, Any],
    reason: str = ChangeReason.ADDED,
) -> Evidence:
    """A new source for ``claim`` (``fields`` named in ``EVIDENCE_FIELDS``)."""
    _check(fields, user, allowed=permissions.can_add_evidence(user))
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
) -> Evidence:
    """Set ``fields`` on the evidence; returns it as saved.

    With ``updated_at`` (the API's client says what it read), the change is
    refused with ``StaleUpdate`` if the evidence changed since: evidence
    carries no version number, its modification time serves as one.
    """
    _check(fields, user, allowed=permissions.can_edit_evidence(user))
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if updated_at is not None and evidence.updated_at != updated_at:
        raise StaleUpdate(current={"updated_at": evidence.updated_at.isoformat()})
    for name, value in fields.items():
        setattr(evidence, name, value)
    attribute(evidence, user=user, reason=reason)
    evidence.full_clean()
    evidence.save()
    search_index_claims(claim_ids=[evidence.claim_id])
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, user: AbstractBaseUser | None) -> None:
    """Remove a source from its claim."""
    if user is not None and not permissions.can_edit_evidence(user):
        raise PermissionDenied(_("Your account may not add or edit evidence."))
    claim_id = evidence.claim_id
    evidence.delete()
    search_index_claims(claim_ids=[claim_id])
