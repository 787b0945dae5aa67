"""Every write the tracker makes: admin actions, API views and tasks call these."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Claim, EditorialState

PUBLISH_PERMISSION = "claims.publish_claim"


def user_can_publish(user: AbstractBaseUser) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def _require_publisher(user: AbstractBaseUser) -> None:
    if not user_can_publish(user):
        raise PermissionDenied(_("Only reviewers may publish or retract claims."))


@transaction.atomic
def claim_submit_for_review(*, claim: Claim, user: AbstractBaseUser) -> Claim:
    """Move a draft to "in review" so a reviewer can publish it."""
    if claim.state != EditorialState.DRAFT:
        raise ValidationError(
            _("Only a draft can be submitted for review; this claim is %(state)s.")
            % {"state": claim.get_state_display()}
        )
    claim.state = EditorialState.IN_REVIEW
    claim._change_reason = _("Submitted for review")
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def claim_publish(*, claim: Claim, user: AbstractBaseUser) -> Claim:
    """Make a claim visible to readers. Needs the reviewer permission."""
    _require_publisher(user)
    if claim.state == EditorialState.PUBLISHED:
        return claim
    now = timezone.now()
    claim.state = EditorialState.PUBLISHED
    claim.published_at = claim.published_at or now
    claim.retracted_at = None
    claim.retraction_reason = ""
    if claim.rating_id and claim.rated_at is None:
        claim.rated_at = now
    if claim.last_reviewed_at is None:
        claim.last_reviewed_at = now
    claim._change_reason = _("Published")
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
    claim._change_reason = _("Retracted")
    claim.full_clean()
    claim.save()
    return claim
