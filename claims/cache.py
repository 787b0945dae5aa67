"""Whole-page caching of reader pages, and its invalidation.

Every cached page's key holds a site-wide *generation*: a token stored in
the cache and replaced whenever something a reader page shows changes
(a claim, its evidence, flags, appearances, ratings, speakers, articles,
topics). Replacing one token invalidates every page at once; old pages
simply expire. With so few writes this is simpler, and as fast, as tracking
which page shows which row.

If the cache is down (django-redis with ``IGNORE_EXCEPTIONS``), reads
return nothing and writes are dropped: pages render uncached.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "reader-pages:generation"


def page_cache_seconds() -> int:
    return getattr(settings, "READER_PAGE_CACHE_SECONDS", 600)


def pages_invalidate() -> None:
    """Make every cached reader page stale.

    Called on every change through the model signals below; call it also
    after a write that sends no signals (``QuerySet.update()``).
    """
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _generation() -> str | None:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        # add(): two processes starting at once settle on one token.
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY)
    return generation


def page_cache_key(request: HttpRequest, generation: str) -> str:
    # The local date is part of the key: "N days left" changes at midnight.
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    today = timezone.localdate().isoformat()
    return f"reader-page:{generation}:{today}:{get_language()}:{path}"


def reader_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public page from the cache for anonymous readers.

    Staff and other signed-in users always get a fresh page; only GET and
    HEAD requests answered with 200 are stored.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = page_cache_seconds()
        if (
            seconds <= 0
            or request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
        ):
            response = view(request, *args, **kwargs)
            if request.user.is_authenticated:
                patch_cache_control(response, private=True)
            return response
        generation = _generation()
        key = page_cache_key(request, generation) if generation else None
        cached = cache.get(key) if key else None
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if key and response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, (response.content, response["Content-Type"]), seconds)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper


def _on_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    pages_invalidate()
    # Again after commit: a page rendered between the write and the commit
    # would otherwise be cached under the new generation with the old data.
    transaction.on_commit(pages_invalidate)


def connect_signals() -> None:
    """Invalidate reader pages on every change to what they show."""
    from .models import (
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
