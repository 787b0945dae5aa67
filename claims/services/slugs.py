"""Slugs made unique by the database, not by looking first.

Looking for a free slug and then inserting leaves a window in which another
request takes it; two imports of the same headline would then fail with an
IntegrityError. Here the insert itself is the test: each candidate slug is
tried inside a savepoint, and a refusal by the slug's unique index moves on
to ``base-2``, ``base-3``, ...
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from claims.models import Article, Claim, Speaker

# The models whose rows are addressed by a slug of their own.
Slugged = Claim | Speaker | Article

# Bases are cut to leave room for "-" and a number (slugs are 80 long).
BASE_MAX_LENGTH = 70
MAX_ATTEMPTS = 1000


def slug_base(text: str, *, fallback: str, max_length: int = BASE_MAX_LENGTH) -> str:
    """``text`` as a slug short enough to take a number, or ``fallback``."""
    return (slugify(text) or fallback)[:max_length].strip("-") or fallback


def numbered(base: str, number: int, *, max_length: int) -> str:
    """``base`` for the first try, then ``base-2``, ``base-3``, ... cut to fit."""
    if number == 1:
        return base
    suffix = f"-{number}"
    return base[: max_length - len(suffix)].rstrip("-") + suffix


def save_with_unique_slug(instance: Slugged, *, base: str) -> None:
    """Validate and insert the new ``instance`` as ``base``, or as the first
    of ``base-2``, ``base-3``, ... that the database accepts.

    Runs every check of ``full_clean`` except "this slug is taken" (a
    ValidationError for the caller to report), then lets the slug's unique
    index decide. Call it inside a transaction. An IntegrityError that is
    not about the slug is raised as it is.
    """
    model = type(instance)
    max_length = model._meta.get_field("slug").max_length or BASE_MAX_LENGTH
    instance.slug = base
    instance.full_clean(validate_unique=False)
    instance.validate_unique(exclude=["slug"])
    for number in range(1, MAX_ATTEMPTS + 1):
        instance.slug = numbered(base, number, max_length=max_length)
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError:
            if not model._default_manager.filter(slug=instance.slug).exists():
                raise
            instance.pk = None
            continue
        return
    raise IntegrityError(f"No free slug for {base!r} after {MAX_ATTEMPTS} tries.")
