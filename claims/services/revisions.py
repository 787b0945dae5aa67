"""Changes to public claims: proposed as revisions, applied by a second person.

Whether a change is held is decided in one place,
``claims.permissions.changes_held_for_review``; the admin, the API and the
bulk actions ask it and, when it says so, call ``revision_propose`` instead
of writing. ``claim_change`` does both for a caller that only changes fields
(the API). A reviewer other than the author approves (``revision_approve``):
the change is then written through ``claim_update`` and the evidence
services in one transaction, so the rating change, the history and the page
caches follow as for any other write. A revision made to a version of the
claim (or of its evidence) that has since been replaced is refused
(``RevisionStale``): its author proposes it again on what is there now.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims import permissions
from claims.exceptions import FieldNotAllowed, RevisionStale, StaleUpdate
from claims.models import (
    Claim,
    ClaimRevision,
    DeadlineWindow,
    EditorialState,
    Evidence,
    EvidenceOperation,
    RevisionStatus,
    Topic,
)
from claims.models.revisions import dump_value, model_field
from claims.reasons import ChangeReason

from .claims import CLAIM_UPDATE_FIELDS, UNSEEN_WHILE_PUBLISHED, claim_update, require
from .deadlines import fill_window_from_wording
from .evidence import (
    EVIDENCE_FIELDS,
    evidence_create,
    evidence_delete,
    evidence_update,
)
from .flags import (
    flags_check_closing,
    flags_close_deadline_extended,
    flags_close_re_rated,
)


@dataclass
class EvidenceChange:
    """One change to a claim's evidence, as an interface asks for it:
    ``evidence`` is None for an addition; ``seen_updated_at`` is the version
    the editor read (None: the evidence as it is now)."""

    operation: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    evidence: Evidence | None = None
    seen_updated_at: datetime | None = None


@dataclass
class ClaimChange:
    """What became of a change: the claim as readers now see it, and the
    revision holding the change when it waits for a second person."""

    claim: Claim
    revision: ClaimRevision | None = None


def held_fields(claim: Claim, names: Iterable[str]) -> set[str]:
    """Which of the fields ``names`` readers see on ``claim``."""
    if claim.state == EditorialState.PUBLISHED:
        return set(names) - UNSEEN_WHILE_PUBLISHED
    return set(names)


def claim_change(
    *,
    claim: Claim,
    user: AbstractBaseUser | None,
    version: int,
    fields: Mapping[str, Any],
    topics: Iterable[Topic] | None = None,
    change_kind: str = "",
    change_reason: str = "",
    change_reason_en: str = "",
    reason: str = ChangeReason.CHANGED,
    resolve_flags: Iterable[int] | bool = (),
) -> ClaimChange:
    """Change a claim's fields: at once, or as a pending revision when the
    change waits for a second person (``changes_held_for_review``). The
    arguments are ``claim_update``'s; a held change keeps them all (the
    public reasons, the flags its new rating closes) for its approval."""
    if not permissions.changes_held_for_review(user, claim):
        saved = claim_update(
            claim=claim,
            user=user,
            version=version,
            fields=fields,
            topics=topics,
            change_kind=change_kind,
            change_reason=change_reason,
            change_reason_en=change_reason_en,
            reason=reason,
            resolve_flags=resolve_flags,
        )
        return ClaimChange(claim=saved)
    assert user is not None  # only a person's change is held
    held = held_fields(claim, fields)
    direct = {name: value for name, value in fields.items() if name not in held}
    with transaction.atomic():
        if direct:
            claim = claim_update(
                claim=claim, user=user, version=version, fields=direct, reason=reason
            )
            version = claim.version
        revision = revision_propose(
            claim=claim,
            user=user,
            version=version,
            fields={name: value for name, value in fields.items() if name in held},
            topics=topics,
            change_kind=change_kind,
            change_reason=change_reason,
            change_reason_en=change_reason_en,
            reason=reason,
            resolve_flags=resolve_flags,
        )
    return ClaimChange(claim=claim, revision=revision)


def _dump_fields(
    model: type[models.Model], values: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        name: dump_value(model_field(model, name), value)
        for name, value in values.items()
    }


def _claim_field_changes(
    claim: Claim,
    fields: Mapping[str, Any],
    *,
    change_kind: str,
    change_reason: str,
    change_reason_en: str,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The proposed values that differ from the claim, and what they replace,
    both stored as JSON; the claim as proposed must be valid (a new rating
    or deadline with its public reason: ``Claim.clean``)."""
    proposed = copy.copy(claim)
    for name, value in fields.items():
        setattr(proposed, name, value)
    fill_window_from_wording(proposed)  # the wording's window is proposed too
    proposed.change_kind = change_kind
    proposed.change_reason = change_reason
    proposed.change_reason_en = change_reason_en
    if proposed.rating_id != claim.rating_id:
        proposed.rated_at = timezone.now()
    proposed.full_clean()
    new, old = {}, {}
    for name in CLAIM_UPDATE_FIELDS:
        field = model_field(Claim, name)
        before = dump_value(field, getattr(claim, field.attname))
        after = dump_value(field, getattr(proposed, field.attname))
        if before != after:
            new[name], old[name] = after, before
    return new, old


def _evidence_entry(
    claim: Claim, user: AbstractBaseUser, change: EvidenceChange
) -> dict[str, Any] | None:
    """One evidence change checked and stored as JSON; None if it changes
    nothing."""
    FieldNotAllowed.refuse_unlisted(change.fields, allowed=EVIDENCE_FIELDS)
    operation = EvidenceOperation(change.operation)
    if operation == EvidenceOperation.ADD:
        require(
            permissions.can_add_evidence(user),
            _("Your account may not add or edit evidence."),
        )
        Evidence(claim=claim, **change.fields).full_clean(exclude=["claim"])
        return {
            "operation": operation.value,
            "fields": _dump_fields(Evidence, change.fields),
        }
    if operation == EvidenceOperation.REMOVE:
        require(
            permissions.can_delete_evidence(user),
            _("Your account may not remove evidence."),
        )
    else:
        require(
            permissions.can_edit_evidence(user),
            _("Your account may not add or edit evidence."),
        )
    assert change.evidence is not None
    current = Evidence.objects.get(pk=change.evidence.pk, claim=claim)
    if change.seen_updated_at is not None and change.seen_updated_at != (
        current.updated_at
    ):
        raise StaleUpdate(current={"updated_at": current.updated_at.isoformat()})
    entry = {
        "operation": operation.value,
        "evidence": current.pk,
        "updated_at": current.updated_at.isoformat(),
        "title": current.title,
    }
    if operation == EvidenceOperation.REMOVE:
        return entry
    proposed = copy.copy(current)
    for name, value in change.fields.items():
        setattr(proposed, name, value)
    proposed.full_clean()
    new, old = {}, {}
    for name in EVIDENCE_FIELDS:
        field = model_field(Evidence, name)
        before = dump_value(field, getattr(current, name))
        after = dump_value(field, getattr(proposed, name))
        if before != after:
            new[name], old[name] = after, before
    if not new:
        return None
    return {**entry, "fields": new, "previous": old}


@transaction.atomic
def revision_propose(
    *,
    claim: Claim,
    user: AbstractBaseUser,
    version: int,
    fields: Mapping[str, Any] | None = None,
    topics: Iterable[Topic] | None = None,
    change_kind: str = "",
    change_reason: str = "",
    change_reason_en: str = "",
    reason: str = "",
    resolve_flags: Iterable[int] | bool = (),
    evidence_changes: Sequence[EvidenceChange] = (),
) -> ClaimRevision | None:
    """Hold a change to a public claim for a second person.

    ``fields`` (names from ``CLAIM_UPDATE_FIELDS``), ``topics`` and
    ``evidence_changes`` are checked as a direct write would check them
    (permissions, allow-lists, ``full_clean``), so the editor hears of a
    mistake now, not when a reviewer approves. The revision keeps what
    ``claim_update`` needs to apply it: a new rating's kind and public
    reasons (``change_reason``, ``change_reason_en``), a moved deadline's
    public reason (``change_reason``), and the flags the new rating closes
    as "re-rated" (``resolve_flags``: ids or True, as for ``claim_update``;
    closed when the revision is approved). Nothing readers see changes.
    Returns the pending revision, or None when nothing differs from the
    claim as it is.
    """
    fields = dict(fields or {})
    FieldNotAllowed.refuse_unlisted(fields, allowed=CLAIM_UPDATE_FIELDS)
    if fields or topics is not None:
        require(
            permissions.can_edit_claim(user), _("Your account may not edit claims.")
        )
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.version != version:
        raise StaleUpdate(current={"version": claim.version})
    new, old = _claim_field_changes(
        claim,
        fields,
        change_kind=change_kind,
        change_reason=change_reason,
        change_reason_en=change_reason_en,
    )
    rerated = "rating" in new
    moved = any(name in new for name in DeadlineWindow._fields)
    flags_check_closing(claim=claim, flags=resolve_flags, rerated=rerated)
    topic_ids = None
    if topics is not None:
        topic_ids = sorted(topic.pk for topic in topics)
        if topic_ids == sorted(claim.topics.values_list("pk", flat=True)):
            topic_ids = None
    entries = [
        entry
        for change in evidence_changes
        if (entry := _evidence_entry(claim, user, change)) is not None
    ]
    if not new and topic_ids is None and not entries:
        return None
    return ClaimRevision.objects.create(
        claim=claim,
        author=user,  # type: ignore[misc]  # the project's user model
        base_version=claim.version,
        fields=new,
        previous=old,
        topics=topic_ids,
        change_kind=change_kind if rerated else "",
        change_reason=change_reason.strip() if rerated or moved else "",
        change_reason_en=change_reason_en.strip() if rerated or moved else "",
        reason=reason[:300],
        resolve_flags=_flag_choice(resolve_flags) if rerated else [],
        evidence_changes=entries,
    )


def _flag_choice(flags: Iterable[int] | bool) -> bool | list[int]:
    """``resolve_flags`` as JSON: True, or the flag ids."""
    if isinstance(flags, bool):
        return [] if flags is False else True
    return sorted({int(pk) for pk in flags})


def _pending(revision: ClaimRevision) -> ClaimRevision:
    """The revision, locked, if it still waits for a decision."""
    revision = ClaimRevision.objects.select_for_update().get(pk=revision.pk)
    if not revision.is_pending:
        raise ValidationError(
            _("This revision was already %(status)s.")
            % {"status": revision.get_status_display()}
        )
    return revision


def _decide(
    revision: ClaimRevision, *, user: AbstractBaseUser, status: str, note: str
) -> ClaimRevision:
    revision.status = status
    revision.decided_by = user  # type: ignore[assignment]  # the user model
    revision.decided_at = timezone.now()
    revision.note = note
    revision.full_clean()
    revision.save()
    return revision


def _require_decider(revision: ClaimRevision, user: AbstractBaseUser) -> None:
    require(
        permissions.can_publish(user),
        _("Only reviewers may approve or reject a revision."),
    )
    require(
        permissions.is_second_person(user, author_id=revision.author_id),
        _("You proposed this revision, so another reviewer must approve or reject it."),
    )


def _apply_evidence(
    revision: ClaimRevision,
    claim: Claim,
    *,
    author: AbstractBaseUser | None,
    reason: str,
) -> None:
    for operation in revision.evidence_operations():
        if operation["operation"] == EvidenceOperation.ADD:
            evidence_create(
                claim=claim,
                user=author,
                fields=operation["values"],
                reason=reason,
                approved_revision=revision,
            )
            continue
        evidence = Evidence.objects.filter(pk=operation["evidence"]).first()
        if evidence is None:
            if operation["operation"] == EvidenceOperation.REMOVE:
                continue  # removed already: what the revision wanted
            raise RevisionStale(
                revision=revision,
                detail=_("The evidence “%(title)s” was removed since.")
                % {"title": operation.get("title", "")},
                current={"evidence": operation["evidence"]},
            )
        seen = datetime.fromisoformat(operation["updated_at"])
        try:
            if operation["operation"] == EvidenceOperation.REMOVE:
                evidence_delete(
                    evidence=evidence,
                    user=author,
                    updated_at=seen,
                    approved_revision=revision,
                )
            else:
                evidence_update(
                    evidence=evidence,
                    user=author,
                    fields=operation["values"],
                    updated_at=seen,
                    reason=reason,
                    approved_revision=revision,
                )
        except StaleUpdate as error:
            raise RevisionStale(
                revision=revision,
                detail=_("The evidence “%(title)s” was changed since.")
                % {"title": evidence.title},
                current=error.current,
            ) from error


@transaction.atomic
def revision_approve(
    *, revision: ClaimRevision, user: AbstractBaseUser, note: str = ""
) -> Claim:
    """Apply a pending revision: readers see it from the next request on.

    Needs a reviewer other than the revision's author (unless
    ``settings.ALLOW_SELF_PUBLISH``). Refused with ``RevisionStale`` when the
    claim's fields it changes were based on a version replaced since, or
    evidence it changes or removes was changed since (each row is compared
    with the version the editor read); then nothing is written. Evidence
    added is not stale because the claim's text moved on.
    """
    _require_decider(revision, user)
    revision = _pending(revision)
    claim = Claim.objects.select_for_update().get(pk=revision.claim_id)
    if revision.is_stale(claim_version=claim.version):
        raise RevisionStale(
            revision=revision,
            detail=_("The claim was changed after this revision was proposed."),
            current={"version": claim.version},
        )
    author = revision.author
    reason = revision.reason or ChangeReason.REVISION_APPROVED % {
        "id": revision.pk,
        "reviewer": user.get_username(),
    }
    values = revision.proposed_values()
    topics = None
    if revision.topics is not None:
        topics = list(Topic.objects.filter(pk__in=revision.topics))
    if values or topics is not None:
        claim = claim_update(
            claim=claim,
            user=author,
            version=revision.base_version,
            fields=values,
            topics=topics,
            change_kind=revision.change_kind,
            change_reason=revision.change_reason,
            change_reason_en=revision.change_reason_en,
            reason=reason,
            approved_revision=revision,
        )
    _apply_evidence(revision, claim, author=author, reason=reason)
    if revision.resolve_flags:
        # Closed by the approval, so by the reviewer who approved.
        flags_close_re_rated(
            claim=claim,
            flags=revision.resolve_flags,
            user=user,
            note=revision.change_reason or revision.change_reason_en or reason,
        )
    if "due_end" in revision.fields:
        flags_close_deadline_extended(claim=claim, user=user, note=reason)
    _decide(revision, user=user, status=RevisionStatus.APPROVED, note=note.strip())
    return claim


@transaction.atomic
def revision_reject(
    *, revision: ClaimRevision, user: AbstractBaseUser, note: str
) -> ClaimRevision:
    """Turn a pending revision down, saying why; the claim is untouched."""
    _require_decider(revision, user)
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": _("Write a note: tell the editor why the revision is rejected.")}
        )
    return _decide(
        _pending(revision), user=user, status=RevisionStatus.REJECTED, note=note
    )


@transaction.atomic
def revision_withdraw(
    *, revision: ClaimRevision, user: AbstractBaseUser
) -> ClaimRevision:
    """Its author takes a pending revision back."""
    require(
        permissions.can_withdraw_revision(user, author_id=revision.author_id),
        _("Only the editor who proposed a revision may withdraw it."),
    )
    return _decide(
        _pending(revision), user=user, status=RevisionStatus.WITHDRAWN, note=""
    )
