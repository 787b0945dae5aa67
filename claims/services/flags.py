"""Review flags: raising them (jobs and editors) and resolving them (editors).
The daily digest of open ones is mailed by ``notifications``.

The background scans raise flags in bulk with SQL of their own
(``scans``); everything else, the admin included, raises one here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims import permissions
from claims.caching.versions import claim_version, pages_changed
from claims.models import (
    Claim,
    DeadlineWindow,
    DuePrecision,
    Evidence,
    Flag,
    FlagReason,
    FlagResolution,
    PublicEventKind,
)
from claims.reasons import ChangeReason
from claims.services.deadlines import deadline_change_record, is_public
from claims.services.history import attribute

from .events import event_record
from .outbox import Notice, notice_after_commit


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
    if not Flag.objects.open().filter(claim=claim).exclude(pk=flag.pk).exists():
        event_record(PublicEventKind.UNDER_REVIEW, claim, flag=flag.pk)
    if claim.submitted_by_id is not None:  # its author hears of it
        notice_after_commit(Notice.FLAGS_RAISED, flag_ids=[flag.pk])
    return flag


def flag_summary(flag: Flag) -> str:
    """One sentence saying why the flag was raised, for the review queue."""
    summary = (flag.detail or {}).get("summary")
    if summary:
        return summary
    return flag.get_reason_display()


class FlagNoted(models.TextChoices):
    """What raising a flag with a note did."""

    CREATED = "created", gettext_lazy("A new flag was raised.")
    NOTE_ADDED = (
        "note_added",
        gettext_lazy("The same flag was open already: your note was added to it."),
    )
    ALREADY_NOTED = (
        "already_noted",
        gettext_lazy(
            "The same flag with the same note was open already: nothing changed."
        ),
    )


def flag_raise_with_note(
    *,
    claim: Claim,
    reason: FlagReason,
    user: AbstractBaseUser,
    note: str,
    evidence: Evidence | None = None,
) -> tuple[Flag, FlagNoted]:
    """An editor's flag, with the note saying what needs another look.

    When the same flag (claim, reason, evidence) is open already, the note is
    kept: it is added to that flag's notes (``detail["notes"]``, and the
    summary the review queue shows) instead of a second flag being opened.
    The same note sent twice (a retried request) is kept once.
    """
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": _("Write a note: say what needs another look, and why.")}
        )
    username = user.get_username()
    entry = {"by": username, "at": timezone.now().isoformat(), "note": note}
    flag = flag_raise(
        claim=claim,
        reason=reason,
        raised_by=username,
        evidence=evidence,
        detail={"summary": note, "notes": [entry]},
    )
    if flag is not None:
        return flag, FlagNoted.CREATED
    with transaction.atomic():
        flag = (
            Flag.objects.open()
            .select_for_update()
            .get(claim=claim, reason=reason, evidence=evidence)
        )
        detail = dict(flag.detail or {})
        notes = list(detail.get("notes") or [])
        if not notes and detail.get("summary"):  # raised before notes were kept
            notes = [{"by": flag.raised_by, "at": None, "note": detail["summary"]}]
        if any(item.get("note") == note for item in notes):
            return flag, FlagNoted.ALREADY_NOTED
        notes.append(entry)
        detail["notes"] = notes
        detail["summary"] = "\n".join(
            f"{item['note']}" if index == 0 else f"{item['by']}: {item['note']}"
            for index, item in enumerate(notes)
        )
        flag.detail = detail
        flag.save(update_fields=["detail"])
    return flag, FlagNoted.NOTE_ADDED


# Flags a new rating answers by itself: the deadline passed, or the review
# fell due. Evidence and editors' flags say something the rating may not.
ANSWERED_BY_RE_RATING = (FlagReason.DEADLINE_PASSED, FlagReason.REVIEW_OVERDUE)


def flag_re_rated_since_raised(flag: Flag, claim: Claim) -> bool:
    """Whether ``claim`` (the flag's claim, as read now) got a new rating
    after the flag was raised: ``rated_at`` is when it got the rating it has."""
    return claim.rated_at is not None and claim.rated_at >= flag.raised_at


def flags_check_closing(
    *, claim: Claim, flags: Iterable[int] | bool, rerated: bool
) -> None:
    """Refuse to close flags as "re-rated" (``flags``: ids or True, as for
    ``flags_close_re_rated``) without a new rating, or naming a flag that is
    not one of ``claim``'s. Asked when a re-rating is saved, and when it is
    proposed as a revision, so the editor hears of it then."""
    if flags is False or (flags is not True and not list(flags)):
        return
    if not rerated:
        raise ValidationError(
            {
                "resolve_flags": _(
                    "Flags close as “re-rated” only with a new rating: "
                    "change the rating in the same save, or resolve the "
                    "flags in the review queue."
                )
            }
        )
    if flags is True:
        return
    wanted = set(flags)
    foreign = sorted(
        wanted
        - set(
            Flag.objects.filter(claim=claim, pk__in=wanted).values_list("pk", flat=True)
        )
    )
    if foreign:
        raise ValidationError(
            {
                "resolve_flags": _(
                    "This claim has no flag %(ids)s: give the ids of its "
                    "open flags (see review.open_flags)."
                )
                % {"ids": ", ".join(str(pk) for pk in foreign)}
            }
        )


def flags_close_re_rated(
    *,
    claim: Claim,
    flags: Iterable[int] | bool,
    user: AbstractBaseUser | None,
    note: str,
) -> list[Flag]:
    """Close ``claim``'s open flags a new rating answers, as "re-rated".

    Called in the transaction that changed the rating: by ``claim_update``,
    or by ``revisions.revision_approve`` for a re-rating a second person
    approved. ``flags`` is a list of flag ids, or True for the flags a
    re-rating answers by itself (``ANSWERED_BY_RE_RATING``). An id that is
    not one of this claim's flags is refused; one that someone resolved
    meanwhile is skipped. Returns the flags closed.
    """
    if flags is False:
        return []
    flags_check_closing(claim=claim, flags=flags, rerated=True)
    open_flags = Flag.objects.open().filter(claim=claim)
    if flags is True:
        chosen = list(open_flags.filter(reason__in=ANSWERED_BY_RE_RATING))
    else:
        chosen = list(open_flags.filter(pk__in=set(flags)))
    note = (note or "").strip() or _("Closed by the new rating.")
    closed = [
        flag
        for flag in chosen
        if _close(flag, resolution=FlagResolution.RE_RATED, user=user, note=note)
    ]
    return closed


def _close(
    flag: Flag, *, resolution: str, user: AbstractBaseUser | None, note: str
) -> bool:
    """Resolve one flag if it is still open; False when someone was faster."""
    updated = Flag.objects.filter(pk=flag.pk, resolved_at__isnull=True).update(
        resolution=resolution,
        resolved_at=timezone.now(),
        resolved_by=user,
        resolution_note=note,
    )
    if updated:  # the claim page's "under review" notice may go
        pages_changed(claim_version(flag.claim_id))
    return updated == 1


def flags_close_deadline_extended(
    *, claim: Claim, user: AbstractBaseUser, note: str
) -> list[Flag]:
    """A deadline moved into the future (a second person approved it:
    ``revisions.revision_approve``) answers ``claim``'s open "deadline
    passed" flags: they close as "deadline extended". Returns them."""
    if claim.due_end is None or claim.due_end <= timezone.localdate():
        return []
    chosen = Flag.objects.open().filter(claim=claim, reason=FlagReason.DEADLINE_PASSED)
    return [
        flag
        for flag in chosen
        if _close(
            flag,
            resolution=FlagResolution.DEADLINE_EXTENDED,
            user=user,
            note=note[:4000],
        )
    ]


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

    - re-rated: only for a claim whose rating changed after the flag was
      raised (re-rating happens on the claim itself, ``claim_update``, which
      can close the flags as it saves); the flags close.
    - dismissed: the flags close; the claim is untouched.
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

    if resolution == FlagResolution.RE_RATED:
        # The claims as they are now, not as the caller read them.
        current = Claim.objects.in_bulk(list(claims))
        not_re_rated = sorted(
            {
                current[flag.claim_id].slug
                for flag in flags
                if flag.is_open
                and not flag_re_rated_since_raised(flag, current[flag.claim_id])
            }
        )
        if not_re_rated:
            raise ValidationError(
                {
                    "resolution": _(
                        "“Re-rated” needs a new rating, and the rating of "
                        "%(claims)s has not changed since the flag was raised. "
                        "Change the rating on the claim first (its form can close "
                        "the flag as it saves), or choose another resolution."
                    )
                    % {"claims": ", ".join(not_re_rated)}
                }
            )
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
            before, was_public = DeadlineWindow.of(claim), is_public(claim)
            for name, value in _window(claim, new_due_end).items():
                setattr(claim, name, value)
            # The note is the public reason readers see on the timeline.
            claim.change_reason = note
            claim.full_clean()
            claim.save()
            deadline_change_record(
                claim=claim,
                before=before,
                was_public=was_public,
                user=user,
                reason=note,
            )
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
    # revisions writes through claim_update, which closes flags from here.
    from claims.services.revisions import revision_propose

    assert due_end is not None  # required for this resolution above
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    revision_propose(
        claim=claim,
        user=user,
        version=claim.version,
        fields=_window(claim, due_end),
        # The note is the public reason readers see on the timeline.
        change_reason=note,
        reason=ChangeReason.DEADLINE_EXTENDED
        % {"old": claim.due_end, "new": due_end, "note": note},
    )
