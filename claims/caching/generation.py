"""The site generation: one token that every cached page and fragment holds.

The token is stored in the cache and replaced whenever something a reader
page shows changes (a claim, its evidence, flags, appearances, ratings,
speakers, articles, topics). Replacing one token invalidates every cached
page and fragment at once; old entries simply expire. With so few writes
this is simpler, and as fast, as tracking which page shows which row.

If the cache is down (django-redis with ``IGNORE_EXCEPTIONS``), reads
return nothing and writes are dropped: pages render uncached.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "reader-pages:generation"


def current_generation() -> str | None:
    """The current token, created when the cache has none (None: no cache)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        # add(): two processes starting at once settle on one token.
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY)
    return generation


def pages_invalidate() -> None:
    """Make every cached reader page and fragment stale.

    Called on every change through the model signals below; after a write
    that sends no signals call ``pages_changed()``.
    """
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def pages_changed() -> None:
    """Invalidate now and again when the current transaction commits.

    For writes that send no signals (``QuerySet.update()``, ``bulk_create``).
    The second time matters: a page rendered between the write and the commit
    would otherwise be cached under the new generation with the old data.
    """
    pages_invalidate()
    transaction.on_commit(pages_invalidate)


def _on_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    pages_changed()


def connect_signals() -> None:
    """Invalidate reader pages on every change to what they show."""
    from claims.models import (
        Appearance,
        Article,
        Claim,
        Evidence,
        Flag,
        Rating,
        RatingScale,
        Speaker,
        Topic,
    )

    for model in (
        Claim,
        Evidence,
        Flag,
        Appearance,
        Rating,
        RatingScale,
        Speaker,
        Article,
        Topic,
    ):
        uid = f"reader-pages-{model.__name__}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        _on_change, sender=Claim.topics.through, dispatch_uid="reader-pages-topics"
    )
