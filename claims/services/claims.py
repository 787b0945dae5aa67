"""Every write to a claim: create, update, and the review workflow.

The admin, the API, the ClaimReview import, intake and the seed loader all
write claims through these functions. Each takes keyword arguments only,
checks the user's permission (``claims.permissions``; ``user=None`` is a
trusted caller without an account: the seed loader, a command), runs
``full_clean()`` before ``save()``, and records who changed the claim and
why in its history.

What an interface may set is named below (``CLAIM_CREATE_FIELDS``,
``CLAIM_UPDATE_FIELDS``); anything else is refused with ``FieldNotAllowed``.
The editorial state and its timestamps change only through the workflow
functions, and ``rated_at`` is set here whenever the rating changes. A new
rating for a published claim is also recorded here, with its public reason,
as a RatingChange (the timeline, the corrections page and the feeds read it).
A published or retracted claim's moved deadline is recorded with the same
public reason, as a DeadlineChange. A prediction's or promise's deadline
wording without a window is read into one here (``deadlines``). Before a
claim goes to a reviewer it needs a real speaker (not intake's placeholder)
and, if it is a prediction or promise, a deadline window.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from concurrency.exceptions import RecordModifiedError
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims import permissions
from claims.exceptions import FieldNotAllowed, StaleUpdate
from claims.models import (
    Claim,
    ClaimRevision,
    DeadlineWindow,
    EditorialState,
    PublicEventKind,
    RatingChange,
    Topic,
)
from claims.reasons import ChangeReason
from claims.services.history import attribute

from .deadlines import (
    deadline_change_record,
    deadline_problems,
    fill_window_from_wording,
    is_public,
)
from .events import event_record
from .evidence_schedule import evidence_schedule_claim
from .flags import flags_check_closing, flags_close_re_rated
from .outbox import Notice, notice_after_commit
from .search_index import search_index_claims
from .slugs import save_with_unique_slug, slug_fill

# What an editor writes: the statement, where it was made, its deadline and
# its rating. Not the state, its dates, submitted_by, rated_at or version.
CLAIM_CREATE_FIELDS: tuple[str, ...] = (
    "slug",
    "text",
    "text_en",
    "quote",
    "language",
    "speaker",
    "attribution_note",
    "attribution_note_en",
    "article",
    "position",
    "kind",
    "claimed_on",
    "due_start",
    "due_end",
    "due_precision",
    "due_text",
    "rating",
    "reason_code",
    "rating_explanation",
    "rating_explanation_en",
    "analysis",
    "analysis_en",
    "review_interval",
)
# What readers do not see of a published claim: the retraction reason shows
# only once the claim is retracted, and a reviewer's retract action reads it
# from the claim. It changes at once; everything else is held.
UNSEEN_WHILE_PUBLISHED = frozenset({"retraction_reason", "retraction_reason_en"})
HELD_MESSAGE = gettext_lazy(
    "This claim is public: a change to what readers see waits for a second "
    "reviewer. Propose it as a revision."
)

# An existing claim also has a review clock an editor may reset, and the
# reason a reviewer's retract action will use.
CLAIM_UPDATE_FIELDS: tuple[str, ...] = (
    *CLAIM_CREATE_FIELDS,
    "last_reviewed_at",
    "retraction_reason",
    "retraction_reason_en",
)


def require(allowed: bool, message: str) -> None:
    """Refuse (PermissionDenied with ``message``) unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(str(message))


def _stamp_rating(claim: Claim, *, previous_rating_id: int | None) -> None:
    """``rated_at`` is when the claim got the rating it has."""
    if claim.rating_id is not None and claim.rating_id != previous_rating_id:
        claim.rated_at = timezone.now()


def _record_rating_change(
    claim: Claim, *, user: AbstractBaseUser | None, from_rating_id: int
) -> None:
    """The public record of a published claim's new rating and its reason."""
    # full_clean() required the rating, _stamp_rating() dated it.
    assert claim.rating is not None and claim.rated_at is not None
    change = RatingChange.objects.create(
        claim=claim,
        kind=claim.change_kind,
        reason=claim.change_reason.strip(),
        reason_en=claim.change_reason_en.strip(),
        from_rating_id=from_rating_id,
        to_rating=claim.rating,
        changed_by_id=user.pk if user is not None else None,
        changed_at=claim.rated_at,
    )
    event_record(PublicEventKind.RATING_CHANGED, claim, rating_change=change.pk)


@transaction.atomic
def claim_create(
    *,
    user: AbstractBaseUser | None,
    fields: Mapping[str, Any],
    topics: Iterable[Topic] | None = None,
    reason: str = ChangeReason.CREATED,
    unique_slug: bool = False,
) -> Claim:
    """A new draft claim with ``fields`` (names from ``CLAIM_CREATE_FIELDS``).

    A slug already taken is a field error, unless ``unique_slug``: then
    ``fields["slug"]`` is a base (see ``slugs.slug_base``) and the claim gets
    the first of base, base-2, base-3, ... that the database accepts
    (imports, intake). No slug (or an empty one): one is made from the
    claim's English rendering, else its text (``slugs.slug_fill``), unique
    in the same way.
    """
    FieldNotAllowed.refuse_unlisted(fields, allowed=CLAIM_CREATE_FIELDS)
    if user is not None:
        require(
            permissions.can_create_claim(user),
            _("Your account may not create claims."),
        )
    claim = Claim(**fields)
    if not claim.slug:
        slug_fill(claim)
        unique_slug = True
    fill_window_from_wording(claim)
    _stamp_rating(claim, previous_rating_id=None)
    attribute(claim, user=user, reason=reason)
    if unique_slug:
        save_with_unique_slug(claim, base=claim.slug)
    else:
        claim.full_clean()
        claim.save()
    if topics is not None:
        claim.topics.set(topics)
    search_index_claims(claim_ids=[claim.pk])
    return claim


@transaction.atomic
def claim_update(
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
    approved_revision: ClaimRevision | None = None,
) -> Claim:
    """Set ``fields`` (names from ``CLAIM_UPDATE_FIELDS``) if the claim is
    still at ``version``; returns the claim as saved.

    The row is locked while it is compared and written, so two editors who
    read the same version cannot both win: the second gets ``StaleUpdate``.
    A new rating for a published claim needs ``change_kind`` (correction or
    update) and the public reason, ``change_reason`` (Chinese) and/or
    ``change_reason_en`` (English).

    A new rating may close the open flags it answers, as "re-rated", in the
    same transaction: ``resolve_flags`` is a list of the claim's flag ids, or
    True for its deadline-passed and review-due flags
    (``flags.flags_close_re_rated``). Without a new rating it is refused.

    A change readers would see on a public claim is refused here unless it
    comes from ``approved_revision`` (``revisions.revision_approve``, which
    checked the approving reviewer): such changes are proposed as revisions
    (``claims.permissions.changes_held_for_review``).
    """
    FieldNotAllowed.refuse_unlisted(fields, allowed=CLAIM_UPDATE_FIELDS)
    if user is not None and approved_revision is None:
        require(
            permissions.can_edit_claim(user), _("Your account may not edit claims.")
        )
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.version != version:
        raise StaleUpdate(current={"version": claim.version})
    if approved_revision is None and permissions.changes_held_for_review(user, claim):
        require(
            topics is None
            and all(name in UNSEEN_WHILE_PUBLISHED for name in fields)
            and claim.state == EditorialState.PUBLISHED,
            str(HELD_MESSAGE),
        )
    previous_rating_id = claim.rating_id
    was_published = claim.state == EditorialState.PUBLISHED
    deadline_before, was_public = DeadlineWindow.of(claim), is_public(claim)
    for name, value in fields.items():
        setattr(claim, name, value)
    fill_window_from_wording(claim)
    _stamp_rating(claim, previous_rating_id=previous_rating_id)
    # Claim.clean() asks a re-rated published claim for its kind and reason.
    claim.change_kind = change_kind
    claim.change_reason = change_reason
    claim.change_reason_en = change_reason_en
    # The row was just read under lock: what it held decides, no second read.
    replaced_rating_id = (
        previous_rating_id
        if was_published
        and previous_rating_id is not None
        and claim.rating_id != previous_rating_id
        else None
    )
    if replaced_rating_id is not None:
        reason = ChangeReason.rating_change(
            change_kind, change_reason or change_reason_en
        )
    attribute(claim, user=user, reason=reason)
    claim.full_clean()
    try:
        claim.save()
    except RecordModifiedError as error:  # changed between our read and write
        current = Claim.objects.values_list("version", flat=True).get(pk=claim.pk)
        raise StaleUpdate(current={"version": current}) from error
    if replaced_rating_id is not None:
        _record_rating_change(claim, user=user, from_rating_id=replaced_rating_id)
    deadline_change_record(
        claim=claim,
        before=deadline_before,
        was_public=was_public,
        user=user,
        reason=change_reason,
        reason_en=change_reason_en,
    )
    if resolve_flags:
        flags_check_closing(
            claim=claim,
            flags=resolve_flags,
            rerated=claim.rating_id != previous_rating_id,
        )
        flags_close_re_rated(
            claim=claim,
            flags=resolve_flags,
            user=user,
            note=claim.change_reason or reason,
        )
    claim.change_kind = claim.change_reason = claim.change_reason_en = ""
    if topics is not None:
        claim.topics.set(topics)
    search_index_claims(claim_ids=[claim.pk])
    return claim


def _require_publisher(user: AbstractBaseUser) -> None:
    require(
        permissions.can_publish(user),
        _("Only reviewers may publish or retract claims."),
    )


def _require_second_person(claim: Claim, user: AbstractBaseUser) -> None:
    if not permissions.is_second_person(user, author_id=claim.submitted_by_id):
        raise PermissionDenied(
            _(
                "You submitted this claim for review, so another reviewer must "
                "publish it or send it back."
            )
        )


def _require_ready_for_review(claim: Claim) -> None:
    """What a claim needs before a reviewer sees it, beyond ``full_clean()``:
    a real speaker, not intake's stand-in, and a deadline window if it is a
    prediction or promise."""
    errors = deadline_problems(claim)
    if claim.speaker_id is not None and claim.speaker.is_placeholder:
        errors["speaker"] = [
            _(
                "Choose who made this claim before it is submitted for "
                "review or published: “%(name)s” only stands in for a "
                "speaker nobody has chosen yet."
            )
            % {"name": claim.speaker}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def claim_submit_for_review(*, claim: Claim, user: AbstractBaseUser) -> Claim:
    """Move a draft to "in review" so a reviewer can publish it."""
    require(
        permissions.can_submit(user),
        _("Your account may not submit claims for review."),
    )
    if claim.state != EditorialState.DRAFT:
        raise ValidationError(
            _("Only a draft can be submitted for review; this claim is %(state)s.")
            % {"state": claim.get_state_display()}
        )
    _require_ready_for_review(claim)
    claim.state = EditorialState.IN_REVIEW
    claim.submitted_by_id = user.pk
    claim.submitted_at = timezone.now()
    attribute(claim, user=user, reason=ChangeReason.SUBMITTED)
    claim.full_clean()
    claim.save()
    evidence_schedule_claim(claim_id=claim.pk)
    notice_after_commit(Notice.SUBMITTED, claim_id=claim.pk, actor_id=user.pk)
    return claim


@transaction.atomic
def claim_publish(*, claim: Claim, user: AbstractBaseUser) -> Claim:
    """Make a claim in review visible to readers.

    Needs the reviewer permission, and a reviewer other than the editor who
    submitted it (unless ``settings.ALLOW_SELF_PUBLISH``).
    """
    _require_publisher(user)
    if claim.state == EditorialState.PUBLISHED:
        return claim
    if claim.state != EditorialState.IN_REVIEW:
        raise ValidationError(
            _(
                "Only a claim in review can be published; this claim is "
                "%(state)s. Submit it for review first."
            )
            % {"state": claim.get_state_display()}
        )
    _require_second_person(claim, user)
    _require_ready_for_review(claim)
    return _publish(claim, user=user, reason=ChangeReason.PUBLISHED)


@transaction.atomic
def claim_publish_seeded(
    *,
    claim: Claim,
    at: datetime | None = None,
    rated_at: datetime | None = None,
    last_reviewed_at: datetime | None = None,
) -> Claim:
    """Publish a claim of the project's own seed data; only the seed loader
    may call this.

    The seed's claims were checked when the seed was written and there is no
    account to review them as, so the review steps (submitting, a second
    person's permission) are skipped. ``at`` dates the publication,
    ``rated_at`` and ``last_reviewed_at`` the seed's verdict and its last
    review (default: ``at``).
    """
    if rated_at is not None:
        claim.rated_at = rated_at
    if last_reviewed_at is not None:
        claim.last_reviewed_at = last_reviewed_at
    return _publish(claim, user=None, reason=ChangeReason.SEEDED, at=at)


def _publish(
    claim: Claim,
    *,
    user: AbstractBaseUser | None,
    reason: str,
    at: datetime | None = None,
) -> Claim:
    now = at or timezone.now()
    first_time = claim.published_at is None
    claim.state = EditorialState.PUBLISHED
    claim.published_at = claim.published_at or now
    claim.retracted_at = None
    claim.retraction_reason = claim.retraction_reason_en = ""
    if claim.rating_id and claim.rated_at is None:
        claim.rated_at = now
    if claim.last_reviewed_at is None:
        claim.last_reviewed_at = now
    claim.review_comment = ""
    attribute(claim, user=user, reason=reason)
    claim.full_clean()
    claim.save()
    evidence_schedule_claim(claim_id=claim.pk)
    if first_time and reason != ChangeReason.SEEDED:
        event_record(PublicEventKind.PUBLISHED, claim)
    return claim


@transaction.atomic
def claim_retract(
    *, claim: Claim, user: AbstractBaseUser, reason: str, reason_en: str | None = None
) -> Claim:
    """Withdraw a published claim; its page stays up with the reason
    (``reason`` in Chinese, ``reason_en`` in English; at least one). A
    ``reason_en`` of None keeps the English reason the claim already has."""
    _require_publisher(user)
    if claim.state != EditorialState.PUBLISHED:
        raise ValidationError(
            _("Only a published claim can be retracted; this claim is %(state)s.")
            % {"state": claim.get_state_display()}
        )
    if reason_en is not None:
        claim.retraction_reason_en = reason_en.strip()
    if not reason.strip() and not claim.retraction_reason_en:
        raise ValidationError(
            {"retraction_reason": _("Say why the claim is retracted.")}
        )
    claim.state = EditorialState.RETRACTED
    claim.retracted_at = timezone.now()
    claim.retraction_reason = reason.strip()
    attribute(claim, user=user, reason=ChangeReason.RETRACTED)
    claim.full_clean()
    claim.save()
    event_record(PublicEventKind.RETRACTED, claim)
    return claim


@transaction.atomic
def claim_send_back(*, claim: Claim, user: AbstractBaseUser, comment: str) -> Claim:
    """Return a claim in review to its editor as a draft, saying what to fix."""
    _require_publisher(user)
    if claim.state != EditorialState.IN_REVIEW:
        raise ValidationError(
            _("Only a claim in review can be sent back; this claim is %(state)s.")
            % {"state": claim.get_state_display()}
        )
    _require_second_person(claim, user)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"review_comment": _("Write a comment: tell the editor what to fix.")}
        )
    claim.state = EditorialState.DRAFT
    claim.review_comment = comment
    attribute(claim, user=user, reason=ChangeReason.SENT_BACK % {"comment": comment})
    claim.full_clean()
    claim.save()
    notice_after_commit(
        Notice.SENT_BACK, claim_id=claim.pk, actor_id=user.pk, comment=comment
    )
    return claim
