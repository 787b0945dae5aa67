"""Rendered fragments of reader pages (and API pages), cached by version.

A fragment is stored with the versions (``claims.caching.versions``) of what
it shows, read before the data it shows; once one of them is replaced it is
a miss. Fragments hold public data only and are shared by every reader,
signed in or not.

If the cache is down (django-redis with ``IGNORE_EXCEPTIONS``), reads
return nothing and writes are dropped: fragments render every time.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone, translation

from .versions import PAGE_FAMILIES, Versions, cache_read, versions_read

T = TypeVar("T")


def fragment_cache_seconds() -> int:
    return getattr(settings, "READER_FRAGMENT_CACHE_SECONDS", 600)


def fragment_cache_key(
    name: str,
    *parts: str,
    versions: Versions | None = None,
    shows: Sequence[str] = PAGE_FAMILIES,
) -> str:
    """A key for a rendered fragment that expires with the versions ``shows``.

    For ``{% cache %}``: the key holds those versions (``versions`` as read
    when the request began), the language and the local date, so any change
    to what the fragment shows, another language or another day renders it
    again. Fragments hold public data only and are shared by every reader,
    signed in or not.
    """
    stamp = (versions or versions_read(shows)).stamp(shows)
    # No cache: a fresh stamp, never reused.
    stamp = digest(stamp) if stamp else uuid.uuid4().hex
    today = timezone.localdate().isoformat()
    language = translation.get_language()
    return f"{name}:{stamp}:{today}:{language}:{digest(chr(0).join(parts))}"


def digest(text: str) -> str:
    """A fixed-length cache key part for any text (an address, a query)."""
    return hashlib.sha256(text.encode()).hexdigest()


def request_versions(request: HttpRequest | None) -> Versions:
    """The versions read when the request began (``reader_page`` and the API
    read the page families before any query), else the current ones.

    Fragments are stored under versions read *before* the data they show: a
    change committed while they render makes them stale at once.
    """
    versions = getattr(request, "reader_versions", None)
    return versions if versions is not None else versions_read(PAGE_FAMILIES)


def fragments(
    name: str,
    items: Iterable[T],
    render: Callable[[T], Any],
    *,
    key: Callable[[T], str] = lambda item: str(item.pk),
    shows: Callable[[T], Sequence[str]] = lambda item: PAGE_FAMILIES,
    versions: Versions | None = None,
    audience: str = "public",
    cacheable: Callable[[T], bool] = lambda item: True,
    load: Callable[[list[T]], list[T | None]] | None = None,
) -> list[Any]:
    """Each item's rendered fragment, from the cache when current.

    ``shows`` names the versions an item's fragment shows (the page families
    by default; a claim's row: ``site`` and the claim). One ``get_many`` for
    the whole list, the versions ``versions`` does not hold included, and
    one ``set_many`` for the fragments rendered now. Keys hold the language,
    the local date and ``audience``; a value stored under other versions is
    a miss. ``versions`` should be read before the items were queried
    (``request_versions``). Items for which ``cacheable`` is false (drafts)
    are rendered every time and never stored.

    ``load``, when given, is called once with the items to render (in
    order) and returns what ``render`` needs for each: the items can then be
    light rows (their key, ``cacheable`` and ``shows`` only), read in full
    only when their fragment is missing, after their versions were read. An
    item ``load`` returns as None (deleted meanwhile) is left out of the
    result.
    """
    items = list(items)
    seconds = fragment_cache_seconds()
    if not items or seconds <= 0:
        return _rendered(items, render, load)
    prefix = (
        f"fragment:{name}:{audience}:{timezone.localdate().isoformat()}:"
        f"{translation.get_language()}:"
    )
    keys = [prefix + key(item) if cacheable(item) else None for item in items]
    names = [list(shows(item)) if cacheable(item) else [] for item in items]
    found, versions = cache_read(
        [cache_key for cache_key in keys if cache_key],
        [name for item_names in names for name in item_names],
        known=versions,
    )
    stamps = [versions.stamp(item_names) for item_names in names]
    results: list[Any] = [_MISSING] * len(items)
    todo: list[int] = []
    for index, cache_key in enumerate(keys):
        stored = found.get(cache_key) if cache_key else None
        if stored is not None and stamps[index] and stored[0] == stamps[index]:
            results[index] = stored[1]
        else:
            todo.append(index)
    if todo:
        values = _rendered([items[index] for index in todo], render, load, keep=True)
        missing: dict[str, tuple[str, Any]] = {}
        for index, value in zip(todo, values, strict=True):
            results[index] = value
            cache_key, stamp = keys[index], stamps[index]
            if cache_key and stamp and value is not _MISSING:
                missing[cache_key] = (stamp, value)
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
