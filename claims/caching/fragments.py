"""Rendered fragments of reader pages (and API pages), cached per site generation.

A fragment is stored with the generation (``claims.caching.generation``) it
was rendered under; once the generation is replaced it is a miss. Fragments
hold public data only and are shared by every reader, signed in or not.

If the cache is down (django-redis with ``IGNORE_EXCEPTIONS``), reads
return nothing and writes are dropped: fragments render every time.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone, translation

from .generation import current_generation

T = TypeVar("T")


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
    generation = generation or current_generation() or uuid.uuid4().hex
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
    return generation or current_generation()


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
        generation = generation or current_generation()
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
