"""Whole-page caching of reader pages, and its invalidation.

Every cached page's key holds a site-wide *generation*: a token stored in
the cache and replaced whenever something a reader page shows changes
(a claim, its evidence, flags, appearances, ratings, speakers, articles,
topics). Replacing one token invalidates every page at once; old pages
simply expire. With so few writes this is simpler, and as fast, as tracking
which page shows which row.

Stored pages carry the generation they were rendered under; a page whose
generation is no longer current is a miss. ``ReaderPageCacheMiddleware``
serves and stores them; ``reader_page`` marks which views may be cached.

If the cache is down (django-redis with ``IGNORE_EXCEPTIONS``), reads
return nothing and writes are dropped: pages render uncached.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

GENERATION_KEY = "reader-pages:generation"

T = TypeVar("T")


def page_cache_seconds() -> int:
    return getattr(settings, "READER_PAGE_CACHE_SECONDS", 600)


def pages_invalidate() -> None:
    """Make every cached reader page stale.

    Called on every change through the model signals below; after a write
    that sends no signals call ``pages_changed()``.
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


def fragment_cache_seconds() -> int:
    return getattr(settings, "READER_FRAGMENT_CACHE_SECONDS", 600)


def fragment_cache_key(name: str, *parts: str, generation: str | None = None) -> str:
    """A key for a rendered fragment that expires with the site generation.

    For ``{% cache %}``: the key holds the generation, the language and the
    local date, so any change to what pages show, another language or
    another day renders the fragment again. Fragments hold public data only
    and are shared by every reader, signed in or not.
    """
    # No cache: a fresh token, never reused.
    generation = generation or _generation() or uuid.uuid4().hex
    today = timezone.localdate().isoformat()
    language = translation.get_language()
    return f"{name}:{generation}:{today}:{language}:{digest(chr(0).join(parts))}"


def digest(text: str) -> str:
    """A fixed-length cache key part for any text (an address, a query)."""
    return hashlib.sha256(text.encode()).hexdigest()


def request_generation(request: HttpRequest | None) -> str | None:
    """The generation read when the request began (``reader_page`` and the
    API read it before any query), else the current one.

    Fragments are stored under the generation read *before* the data they
    show: a change committed while they render makes them stale at once.
    """
    generation = getattr(request, "reader_generation", None)
    return generation or _generation()


def fragments(
    name: str,
    items: Iterable[T],
    render: Callable[[T], Any],
    *,
    key: Callable[[T], str] = lambda item: str(item.pk),
    generation: str | None = None,
    audience: str = "public",
    cacheable: Callable[[T], bool] = lambda item: True,
    load: Callable[[list[T]], list[T | None]] | None = None,
) -> list[Any]:
    """Each item's rendered fragment, from the cache when current.

    One ``get_many`` for the whole list (the stored values carry the
    generation they were rendered under, as whole pages do) and one
    ``set_many`` for the ones rendered now. Keys hold the language, the local
    date and ``audience``; a value rendered under an older generation is a
    miss. ``generation`` should be read before the items were queried
    (``request_generation``). Items for which ``cacheable`` is false (drafts)
    are rendered every time and never stored.

    ``load``, when given, is called once with the items to render (in
    order) and returns what ``render`` needs for each: the items can then be
    light rows (their key and ``cacheable`` only), read in full only when
    their fragment is missing. An item ``load`` returns as None (deleted
    meanwhile) is left out of the result.
    """
    items = list(items)
    seconds = fragment_cache_seconds()
    if items and seconds > 0:
        generation = generation or _generation()
    if not items or seconds <= 0 or not generation:
        return _rendered(items, render, load)
    prefix = (
        f"fragment:{name}:{audience}:{timezone.localdate().isoformat()}:"
        f"{translation.get_language()}:"
    )
    keys = [prefix + key(item) if cacheable(item) else None for item in items]
    found = cache.get_many([cache_key for cache_key in keys if cache_key])
    results: list[Any] = [_MISSING] * len(items)
    todo: list[int] = []
    for index, cache_key in enumerate(keys):
        stored = found.get(cache_key) if cache_key else None
        if stored is not None and stored[0] == generation:
            results[index] = stored[1]
        else:
            todo.append(index)
    if todo:
        values = _rendered([items[index] for index in todo], render, load, keep=True)
        missing: dict[str, tuple[str, Any]] = {}
        for index, value in zip(todo, values, strict=True):
            results[index] = value
            if keys[index] and value is not _MISSING:
                missing[keys[index]] = (generation, value)
        if missing:
            cache.set_many(missing, seconds)
    return [value for value in results if value is not _MISSING]


_MISSING = object()


def _rendered(
    items: list[T],
    render: Callable[[T], Any],
    load: Callable[[list[T]], list[T | None]] | None,
    *,
    keep: bool = False,
) -> list[Any]:
    full = load(items) if load and items else items
    values = [_MISSING if item is None else render(item) for item in full]
    return values if keep else [value for value in values if value is not _MISSING]


def page_cache_key(path: str) -> str:
    # The local date is part of the key: "N days left" changes at midnight.
    # The path carries the language (/en/..., /zh-hans/...).
    digest = hashlib.sha256(path.encode()).hexdigest()
    return f"reader-page:{timezone.localdate().isoformat()}:{digest}"


def _language_prefixed(path: str) -> bool:
    return translation.get_language_from_path(path) is not None


def reader_page(
    view: Callable[..., HttpResponse], *, language_neutral: bool = False
) -> Callable[..., HttpResponse]:
    """Mark a public page as cacheable for anonymous readers.

    ``ReaderPageCacheMiddleware`` stores the marked response and serves it to
    the next anonymous reader. Staff and other signed-in users always get a
    fresh page; only GET requests answered with 200 are stored. Only pages
    whose address names their language are stored (the key is the address),
    unless the page reads the same in every language (``language_neutral``).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        cacheable = (
            page_cache_seconds() > 0
            and request.method == "GET"
            and not request.user.is_authenticated
            and (language_neutral or _language_prefixed(request.path_info))
        )
        # Read before rendering: a change made while the page renders
        # replaces the generation, so this page (and the fragments rendered
        # for it) is stored as already stale.
        generation = (
            _generation() if fragment_cache_seconds() > 0 or cacheable else None
        )
        request.reader_generation = generation
        if not cacheable:
            generation = None
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        if generation and response.status_code == 200 and not response.streaming:
            response.reader_page_generation = generation
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper


class ReaderPageCacheMiddleware:
    """Serve cached reader pages to anonymous readers before any other work.

    First in ``MIDDLEWARE``: a hit costs one Redis round trip (the page and
    the current generation in one ``get_many``), no session, no URL
    resolving, no database. The stored response is the one the whole
    middleware stack produced, security headers included. A request with a
    session cookie goes through the stack (it may be signed in).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        candidate = (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and page_cache_seconds() > 0
        )
        if candidate:
            key = page_cache_key(request.get_full_path())
            found = cache.get_many([GENERATION_KEY, key])
            stored = found.get(key)
            if stored and stored[0] == found.get(GENERATION_KEY):
                _stored_generation, status, headers, content = stored
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response[name] = value
                response["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        generation = getattr(response, "reader_page_generation", None)
        if (
            candidate
            and generation
            and response.status_code == 200
            and not response.cookies
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() != "x-page-cache"
            ]
            cache.set(
                key,
                (generation, response.status_code, headers, response.content),
                page_cache_seconds(),
            )
        return response


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
