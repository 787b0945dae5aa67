"""Writes behind the editor API: the same validation as the admin.

Every write runs ``full_clean()`` (field validation, ``Claim.clean``, unique
and check constraints) before ``save()``; a Django ``ValidationError`` becomes
a 400 with field errors. An update names the version it was based on and is
refused when the row has changed since.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from concurrency.exceptions import RecordModifiedError
from django.db import transaction
from django.utils import timezone

from claims.exceptions import StaleUpdate
from claims.models import Claim, Evidence, Topic
from claims.reasons import ChangeReason


def _attribute_to(instance, user, reason: str) -> None:
    instance._history_user = user
    instance._change_reason = reason


@transaction.atomic
def claim_create(*, user, topics: list[Topic] | None = None, **fields: Any) -> Claim:
    """A new draft claim."""
    claim = Claim(**fields)
    if claim.rating_id is not None:
        claim.rated_at = timezone.now()
    _attribute_to(claim, user, ChangeReason.CREATED_API)
    claim.full_clean()
    claim.save()
    if topics is not None:
        claim.topics.set(topics)
    return claim


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    user,
    version: int,
    topics: list[Topic] | None = None,
    reason: str = "",
    change_kind: str = "",
    change_reason: str = "",
    **changes: Any,
) -> Claim:
    """Apply ``changes`` if the claim is still at ``version``.

    The row is locked while it is compared and written, so two editors who
    read the same version cannot both win. A new rating for a published
    claim needs ``change_kind`` (correction or update) and a public
    ``change_reason`` (``reason`` is accepted for it too).
    """
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.version != version:
        raise StaleUpdate(current={"version": claim.version})
    old_rating_id = claim.rating_id
    for name, value in changes.items():
        setattr(claim, name, value)
    if claim.rating_id is not None and claim.rating_id != old_rating_id:
        claim.rated_at = timezone.now()
    _attribute_to(claim, user, reason or ChangeReason.CHANGED_API)
    claim.change_kind = change_kind
    claim.change_reason = change_reason or reason
    claim.full_clean()
    try:
        claim.save()
    except RecordModifiedError as error:  # changed between our read and write
        current = Claim.objects.values_list("version", flat=True).get(pk=claim.pk)
        raise StaleUpdate(current={"version": current}) from error
    if topics is not None:
        claim.topics.set(topics)
    return claim


@transaction.atomic
def evidence_create(*, claim: Claim, user, **fields: Any) -> Evidence:
    evidence = Evidence(claim=claim, **fields)
    _attribute_to(evidence, user, ChangeReason.ADDED_API)
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def evidence_update(
    *, evidence: Evidence, user, updated_at: datetime, **changes: Any
) -> Evidence:
    """Apply ``changes`` if the evidence is unchanged since ``updated_at``.

    Evidence carries no version number; its modification time serves as one.
    """
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if evidence.updated_at != updated_at:
        raise StaleUpdate(current={"updated_at": evidence.updated_at.isoformat()})
    for name, value in changes.items():
        setattr(evidence, name, value)
    _attribute_to(evidence, user, ChangeReason.CHANGED_API)
    evidence.full_clean()
    evidence.save()
    return evidence
