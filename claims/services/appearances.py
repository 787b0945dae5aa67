"""Further appearances: other articles in which a tracked claim was repeated.

Intake (a candidate that repeats a tracked claim), the ClaimReview import
(``appearance``) and the admin's appearance inline call these.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from claims import permissions
from claims.exceptions import FieldNotAllowed
from claims.models import Appearance, Claim, PublicEventKind

from .events import event_record

APPEARANCE_FIELDS: tuple[str, ...] = ("article", "position", "quote")


def _check(
    fields: Mapping[str, Any], user: AbstractBaseUser | None, *, allowed: bool
) -> None:
    FieldNotAllowed.refuse_unlisted(fields, allowed=APPEARANCE_FIELDS)
    if user is not None and not allowed:
        raise PermissionDenied(_("Your account may not record appearances."))


@transaction.atomic
def appearance_create(
    *, claim: Claim, user: AbstractBaseUser | None, fields: Mapping[str, Any]
) -> Appearance:
    """Record that ``claim`` was repeated in ``fields["article"]``.

    Recording the same article twice is a field error (one appearance per
    claim and article).
    """
    _check(fields, user, allowed=permissions.can_record_appearance(user))
    appearance = Appearance(claim=claim, **fields)
    appearance.full_clean()
    appearance.save()
    event_record(PublicEventKind.APPEARANCE_ADDED, claim, appearance=appearance.pk)
    return appearance


@transaction.atomic
def appearance_update(
    *, appearance: Appearance, user: AbstractBaseUser | None, fields: Mapping[str, Any]
) -> Appearance:
    _check(fields, user, allowed=permissions.can_edit_appearance(user))
    appearance = Appearance.objects.select_for_update().get(pk=appearance.pk)
    for name, value in fields.items():
        setattr(appearance, name, value)
    appearance.full_clean()
    appearance.save()
    return appearance
