"""Writes to the catalogue: speakers, articles and topics.

The admin and the seed loader save them here, so the search documents of
the claims that show a speaker's name or an article's title follow a change.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from claims.models import Article, Speaker, Topic
from claims.services.history import attribute

from .search_index import search_index_related
from .slugs import save_with_unique_slug, slug_fill


@transaction.atomic
def catalogue_save(
    *,
    instance: Speaker | Article | Topic,
    user: AbstractBaseUser | None,
    reason: str,
) -> Speaker | Article | Topic:
    """Check and save a speaker, article or topic, new or changed; a new
    one whose slug was left empty gets a readable one (``slug_fill``)."""
    attribute(instance, user=user, reason=reason)
    if instance.pk is None and not instance.slug:
        slug_fill(instance)
        save_with_unique_slug(instance, base=instance.slug)
    else:
        instance.full_clean()
        instance.save()
    search_index_related(instance=instance)
    return instance
