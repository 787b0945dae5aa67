"""The verdict crosswalk: applying a newly mapped label to the claims that
were imported with it and wait unrated."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from claims.exceptions import InvalidInput
from claims.models import Flag, FlagReason, FlagResolution, VerdictLabel
from claims.selectors.verdicts import claims_waiting_for

from .claimreview_reader import kind_for_rating
from .claims import claim_update
from .flags import flag_resolve


@transaction.atomic
def verdict_label_apply(*, verdict_label: VerdictLabel, user: AbstractBaseUser) -> int:
    """Rate the claims waiting for ``verdict_label`` with its rating and
    close their flags; returns how many were rated.

    A claim whose kind the rating cannot rate takes the rating's kind: the
    import chose its kind without a verdict. Raises ``InvalidInput`` when
    the label has no rating yet.
    """
    rating = verdict_label.rating
    if rating is None:
        raise InvalidInput({"rating": [_("Choose the rating this label means first.")]})
    rated = 0
    for claim in claims_waiting_for(verdict_label):
        fields: dict[str, object] = {"rating": rating}
        if not rating.applies_to_kind(claim.kind):
            fields["kind"] = kind_for_rating(rating)
        try:
            claim_update(claim=claim, user=user, version=claim.version, fields=fields)
        except ValidationError as error:
            raise InvalidInput.from_validation_error(
                error, prefix=f"claim {claim.slug}"
            ) from error
        flag_resolve(
            flags=Flag.objects.open().filter(
                claim=claim, reason=FlagReason.VERDICT_UNMAPPED
            ),
            resolution=FlagResolution.RE_RATED,
            user=user,
            note=_("Verdict “%(label)s” mapped to “%(rating)s”.")
            % {"label": verdict_label.label, "rating": rating.label},
        )
        rated += 1
    return rated
