"""Review flags: raising them (jobs and editors), resolving them (editors),
and the daily digest of open ones.

The background scans raise flags in bulk with SQL of their own
(``scans``); everything else, the admin included, raises one here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims import permissions
from claims.caching.generation import pages_changed
from claims.models import (
    Claim,
    DuePrecision,
    Evidence,
    Flag,
    FlagReason,
    FlagResolution,
)
from claims.reasons import ChangeReason
from claims.services.history import attribute
from claims.services.revisions import revision_propose


def flag_raise(
    *,
    claim: Claim,
    reason: FlagReason,
    raised_by: str,
    evidence: Evidence | None = None,
    detail: dict | None = None,
) -> Flag | None:
    """Open a review flag unless the same one is already open.

    Returns the new flag, or None when an identical open flag exists
    (a task that runs twice must not duplicate work). The database's
    "one open flag per claim, reason and evidence" constraint decides, so two
    concurrent callers cannot both succeed.
    """
    flag = Flag(
        claim=claim,
        reason=reason,
        evidence=evidence,
        raised_by=raised_by[:150],
        detail=detail or {},
    )
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError:
        if (
            Flag.objects.open()
            .filter(claim=claim, reason=reason, evidence=evidence)
            .exists()
        ):
            return None
        raise
    return flag


def flag_summary(flag: Flag) -> str:
    """One sentence saying why the flag was raised, for the review queue."""
    summary = (flag.detail or {}).get("summary")
    if summary:
        return summary
    return flag.get_reason_display()


def _close(flag: Flag, *, resolution: str, user: AbstractBaseUser, note: str) -> bool:
    """Resolve one flag if it is still open; False when someone was faster."""
    updated = Flag.objects.filter(pk=flag.pk, resolved_at__isnull=True).update(
        resolution=resolution,
        resolved_at=timezone.now(),
        resolved_by=user,
        resolution_note=note,
    )
    if updated:  # the claim page's "under review" notice may go
        pages_changed()
    return updated == 1


@transaction.atomic
def flag_resolve(
    *,
    flags: Iterable[Flag],
    resolution: FlagResolution,
    user: AbstractBaseUser,
    note: str,
    new_due_end: date | None = None,
) -> int:
    """Resolve open flags with a note; returns how many were resolved.

    - re-rated, dismissed: the flags close; the claim is untouched (re-rating
      happens on the claim itself).
    - reviewed with no change: each claim's review clock restarts
      (``last_reviewed_at`` now), saved with history.
    - deadline extended: each claim's deadline becomes ``new_due_end``, saved
      with history and the note as the reason; for a public claim the new
      deadline is proposed as a revision that a second person approves
      (``permissions.changes_held_for_review``), and its flags stay open
      until then: approval closes them.
    Flags already resolved by someone else are skipped.
    """
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write a note: it is kept with the flag.")})
    if resolution == FlagResolution.DEADLINE_EXTENDED:
        if new_due_end is None:
            raise ValidationError({"new_due_end": _("Give the new deadline.")})
        if new_due_end <= timezone.localdate():
            raise ValidationError(
                {"new_due_end": _("The new deadline must lie in the future.")}
            )

    flags = list(flags)
    claims: dict[int, Claim] = {}
    for flag in flags:
        claims.setdefault(flag.claim_id, flag.claim)

    if resolution == FlagResolution.DEADLINE_EXTENDED:
        without = [c for c in claims.values() if c.due_end is None]
        if without:
            raise ValidationError(
                _("These claims have no deadline to extend: %(claims)s")
                % {"claims": ", ".join(c.slug for c in without)}
            )

    resolved = 0
    touched: set[int] = set()
    for flag in flags:
        if resolution == FlagResolution.DEADLINE_EXTENDED and (
            permissions.changes_held_for_review(user, flag.claim)
        ):
            # A public claim's new deadline waits for a second person; the
            # flag stays open until it is approved (``revision_approve``
            # closes it), so a rejected extension leaves it in the queue.
            if flag.claim_id not in touched:
                touched.add(flag.claim_id)
                _propose_deadline(flag.claim, user=user, due_end=new_due_end, note=note)
            continue
        if not _close(flag, resolution=resolution, user=user, note=note):
            continue
        resolved += 1
        if flag.claim_id in touched:
            continue
        touched.add(flag.claim_id)
        claim = Claim.objects.select_for_update().get(pk=flag.claim_id)
        if resolution == FlagResolution.REVIEWED:
            claim.last_reviewed_at = timezone.now()
            attribute(claim, user=user, reason=ChangeReason.REVIEWED % {"note": note})
            claim.save()
        elif resolution == FlagResolution.DEADLINE_EXTENDED:
            assert new_due_end is not None  # required for this resolution above
            attribute(
                claim,
                user=user,
                reason=ChangeReason.DEADLINE_EXTENDED
                % {"old": claim.due_end, "new": new_due_end, "note": note},
            )
            for name, value in _window(claim, new_due_end).items():
                setattr(claim, name, value)
            claim.full_clean()
            claim.save()
    return resolved


def _window(claim: Claim, due_end: date) -> dict:
    """An extended deadline: ends on ``due_end``, to the day."""
    return {
        "due_end": due_end,
        "due_start": min(claim.due_start or due_end, due_end),
        "due_precision": DuePrecision.DAY,
        "due_text": "",
    }


def _propose_deadline(
    claim: Claim, *, user: AbstractBaseUser, due_end: date | None, note: str
) -> None:
    assert due_end is not None  # required for this resolution above
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    revision_propose(
        claim=claim,
        user=user,
        version=claim.version,
        fields=_window(claim, due_end),
        reason=ChangeReason.DEADLINE_EXTENDED
        % {"old": claim.due_end, "new": due_end, "note": note},
    )


def flag_digest_send(*, today: date | None = None) -> int:
    """Mail editors the list of open flags; returns how many mails went out.

    Sends nothing when no flag is open or no editor has an email address.
    """
    flags = list(
        Flag.objects.open()
        .select_related("claim", "evidence")
        .order_by("raised_at")[:200]
    )
    if not flags:
        return 0
    users = (
        get_user_model()
        .objects.filter(
            is_active=True, groups__name=settings.FLAG_DIGEST_GROUP, email__gt=""
        )
        .distinct()
    )
    recipients = sorted({user.email for user in users})
    if not recipients:
        return 0
    today = today or timezone.localdate()
    total = Flag.objects.open().count()
    lines = [
        _("%(count)d open flags in the review queue on %(date)s:")
        % {"count": total, "date": today.isoformat()},
        "",
    ]
    for flag in flags:
        lines.append(
            f"- [{flag.get_reason_display()}] {flag.claim}: {flag_summary(flag)} "
            f"({flag.raised_at:%Y-%m-%d})"
        )
    lines += ["", f"{settings.SITE_URL}/admin/claims/flag/?status=open"]
    subject = _("Review queue: %(count)d open flags") % {"count": total}
    body = "\n".join(lines)
    # One mail per editor: nobody sees the others' addresses.
    return send_mass_mail(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients]
    )
