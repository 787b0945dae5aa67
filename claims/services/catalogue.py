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


@transaction.atomic
def catalogue_save(
    *,
    instance: Speaker | Article | Topic,
    user: AbstractBaseUser | None,
    reason: str,
) -> Speaker | Article | Topic:
    """Check and save a speaker, article or topic, new or changed."""
    attribute(instance, user=user, reason=reason)
    instance.full_clean()
    instance.save()
    search_index_related(instance=instance)
    return instance
