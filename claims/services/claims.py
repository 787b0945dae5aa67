"""Every write the tracker makes: admin actions, API views and tasks call these."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Claim, EditorialState
from claims.reasons import ChangeReason

PUBLISH_PERMISSION = "claims.publish_claim"


def user_can_publish(user: AbstractBaseUser) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def _require_publisher(user: AbstractBaseUser) -> None:
    if not user_can_publish(user):
        raise PermissionDenied(_("Only reviewers may publish or retract claims."))


def _require_second_person(claim: Claim, user: AbstractBaseUser) -> None:
    if settings.ALLOW_SELF_PUBLISH or claim.submitted_by_id is None:
        return
    if claim.submitted_by_id == user.pk:
        raise PermissionDenied(
            _(
                "You submitted this claim for review, so another reviewer must "
                "publish it or send it back."
            )
        )


@transaction.atomic
def claim_submit_for_review(*, claim: Claim, user: AbstractBaseUser) -> Claim:
    """Move a draft to "in review" so a reviewer can publish it."""
    if claim.state != EditorialState.DRAFT:
        raise ValidationError(
            _("Only a draft can be submitted for review; this claim is %(state)s.")
            % {"state": claim.get_state_display()}
        )
    claim.state = EditorialState.IN_REVIEW
    claim.submitted_by = user
    claim.submitted_at = timezone.now()
    claim._history_user = user
    claim._change_reason = ChangeReason.SUBMITTED
    claim.full_clean()
    claim.save()
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
    now = timezone.now()
    claim.state = EditorialState.PUBLISHED
    claim.published_at = claim.published_at or now
    claim.retracted_at = None
    claim.retraction_reason = ""
    if claim.rating_id and claim.rated_at is None:
        claim.rated_at = now
    if claim.last_reviewed_at is None:
        claim.last_reviewed_at = now
    claim.review_comment = ""
    claim._history_user = user
    claim._change_reason = ChangeReason.PUBLISHED
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def claim_retract(*, claim: Claim, user: AbstractBaseUser, reason: str) -> Claim:
    """Withdraw a published claim; its page stays up with the reason."""
    _require_publisher(user)
    if claim.state != EditorialState.PUBLISHED:
        raise ValidationError(
            _("Only a published claim can be retracted; this claim is %(state)s.")
            % {"state": claim.get_state_display()}
        )
    if not reason.strip():
        raise ValidationError(
            {"retraction_reason": _("Say why the claim is retracted.")}
        )
    claim.state = EditorialState.RETRACTED
    claim.retracted_at = timezone.now()
    claim.retraction_reason = reason.strip()
    claim._history_user = user
    claim._change_reason = ChangeReason.RETRACTED
    claim.full_clean()
    claim.save()
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
    claim._history_user = user
    claim._change_reason = ChangeReason.SENT_BACK % {"comment": comment}
    claim.full_clean()
    claim.save()
    return claim
