"""Whole-page caching of reader pages for anonymous readers.

Every cached page holds the names and tokens of the versions it shows
(``claims.caching.versions``: the site and the lists for most pages, the
site and its claim for a claim page), read before the view's first query; a
page one of whose versions was replaced since is a miss. A miss renders
once: while one request renders a page, the others asking for it wait for
its copy (``READER_PAGE_RENDER_WAIT_SECONDS`` at most) instead of rendering
it too. ``ReaderPageCacheMiddleware`` serves and stores the pages;
``reader_page`` marks which views may be cached.

If the cache is down (django-redis with ``IGNORE_EXCEPTIONS``), reads
return nothing and writes are dropped: pages render uncached.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack, suppress
from functools import partial, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

from claims.caching.fragments import fragment_cache_seconds
from claims.caching.versions import (
    PAGE_FAMILIES,
    Versions,
    version_key,
    versions_read,
)
from claims.locks import PREFIX as LOCK_PREFIX
from claims.locks import single_flight

from .filters import QUERY_PARAMETERS, query_value_plausible


def page_cache_seconds() -> int:
    return getattr(settings, "READER_PAGE_CACHE_SECONDS", 600)


def render_wait_seconds() -> float:
    return float(getattr(settings, "READER_PAGE_RENDER_WAIT_SECONDS", 5))


def page_shows(request: HttpRequest, names: Sequence[str]) -> Versions:
    """Say that the page being rendered shows the versions ``names`` instead
    of the page families; call it before the page's data is read. Returns
    the versions (read now, in one round trip, but for those the request
    read already), which fragments of the page are then stored under."""
    versions = versions_read(names, known=getattr(request, "reader_versions", None))
    request.reader_versions = versions
    request.reader_page_shows = tuple(names)
    return versions


def page_cache_key(request: HttpRequest) -> str | None:
    """The key a page is stored under: the host asked for, the path and the
    query string cut down to the parameters reader pages read
    (``reader.filters.QUERY_PARAMETERS``), in a fixed order; any other
    parameter is ignored. None when the host is not allowed (Django answers
    400 further on).
    """
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    # The local date is part of the key: "N days left" changes at midnight.
    # The path carries the language (/en/..., /zh-hans/...). The host too:
    # the sitemap and feeds hold absolute addresses.
    identity = "\x00".join((host, request.path, page_query(request)))
    digest = hashlib.sha256(identity.encode()).hexdigest()
    return f"reader-page:{timezone.localdate().isoformat()}:{digest}"


def page_query(request: HttpRequest, parameters=QUERY_PARAMETERS) -> str:
    """The query string limited to ``parameters``, sorted by name."""
    return urlencode(
        [
            (name, value)
            for name in sorted(set(request.GET) & set(parameters))
            for value in request.GET.getlist(name)
        ]
    )


def _storable_query(request: HttpRequest, parameters: frozenset[str]) -> bool:
    """Whether a page that reads ``parameters`` may be stored for this query:
    only parameters it reads, each with a value a reader's click could send."""
    known = set(request.GET) & QUERY_PARAMETERS
    return known <= parameters and all(
        query_value_plausible(name, value)
        for name in known
        for value in request.GET.getlist(name)
    )


def variants_window() -> str:
    seconds = max(page_cache_seconds(), 60)
    return f"reader-page-variants:{int(time.time() // seconds)}"


def variants_exhausted() -> bool:
    """True once ``READER_PAGE_CACHE_MAX_VARIANTS`` pages with a query string
    have been stored in the current window (one page-cache lifetime)."""
    count = cache.get(variants_window())
    return count is not None and count >= settings.READER_PAGE_CACHE_MAX_VARIANTS


def _variant_admitted() -> bool:
    """Count one more stored query variant; False beyond the cap."""
    key = variants_window()
    try:
        count = cache.incr(key)
    except ValueError:  # the window's first
        count = 1 if cache.add(key, 1, max(page_cache_seconds(), 60) + 1) else None
    # None: the cache is down, nothing will be stored anyway.
    return count is None or count <= settings.READER_PAGE_CACHE_MAX_VARIANTS


def _language_prefixed(path: str) -> bool:
    return translation.get_language_from_path(path) is not None


def reader_page(
    view: Callable[..., HttpResponse] | None = None,
    *,
    language_neutral: bool = False,
    parameters: Iterable[str] = (),
):
    """Mark a public page as cacheable for anonymous readers.

    ``ReaderPageCacheMiddleware`` stores the marked response and serves it to
    the next anonymous reader. Staff and other signed-in users always get a
    fresh page; only GET requests answered with 200 are stored. Only pages
    whose address names their language are stored (the key is the address),
    unless the page reads the same in every language (``language_neutral``).
    ``parameters`` are the query parameters the page reads: a request with
    another one the site knows, or a value no reader's click sends, is
    rendered and not stored.
    """
    if view is None:
        return partial(
            reader_page, language_neutral=language_neutral, parameters=parameters
        )
    reads = frozenset(parameters)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        cacheable = (
            page_cache_seconds() > 0
            and request.method == "GET"
            and not request.user.is_authenticated
            and (language_neutral or _language_prefixed(request.path_info))
            and _storable_query(request, reads)
        )
        # Read before rendering: a change made while the page renders
        # replaces a version, so this page (and the fragments rendered for
        # it) is stored as already stale.
        request.reader_versions = (
            versions_read(PAGE_FAMILIES)
            if fragment_cache_seconds() > 0 or cacheable
            else None
        )
        request.reader_page_shows = PAGE_FAMILIES
        locks: ExitStack | None = getattr(request, "reader_page_locks", None)
        if cacheable and locks is not None and not request.reader_page_rendering:
            # One render per page at a time; the lock is held until the
            # middleware has stored the copy.
            lock = locks.enter_context(
                single_flight(request.reader_page_lock, timeout=_lock_seconds())
            )
            if not lock:
                return RenderedElsewhere()
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        versions: Versions | None = request.reader_versions
        shows = request.reader_page_shows
        stamp = versions.stamp(shows) if versions and cacheable else None
        if stamp and response.status_code == 200 and not response.streaming:
            response.reader_page_versions = (shows, stamp)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper


def _lock_seconds() -> int:
    # Longer than a waiter waits: a holder that died frees it by itself.
    return int(render_wait_seconds()) + 5


class RenderedElsewhere(HttpResponse):
    """What ``reader_page`` answers while another request renders the same
    page: the middleware waits for that copy."""


# What each page showed when last stored, by page key: a hit then reads the
# page and its versions in one round trip. Bounded: the oldest entry goes.
_SHOWS: dict[str, tuple[str, ...]] = {}
_SHOWS_LIMIT = 20_000


def _remember_shows(key: str, shows: tuple[str, ...]) -> None:
    if _SHOWS.get(key) == shows:
        return
    if len(_SHOWS) >= _SHOWS_LIMIT:
        # Another thread may have changed it meanwhile: then skip.
        with suppress(StopIteration, KeyError, RuntimeError):
            del _SHOWS[next(iter(_SHOWS))]
    _SHOWS[key] = shows


def _current_copy(key: str) -> tuple | None:
    """The stored page under ``key`` if every version it shows is current:
    one ``get_many`` (two when it shows other versions than last time)."""
    guess = _SHOWS.get(key, PAGE_FAMILIES)
    found = cache.get_many([key, *map(version_key, guess)])
    stored = found.pop(key, None)
    if not stored or not isinstance(stored[0], tuple):  # none, or another layout
        return None
    shows, stamp = stored[0], stored[1]
    unread = [name for name in shows if name not in guess]
    if unread:
        found.update(cache.get_many([version_key(name) for name in unread]))
    _remember_shows(key, shows)
    # A version the cache lost is missing: nothing current was stored under it.
    tokens = {
        name: found[version_key(name)] for name in shows if version_key(name) in found
    }
    return stored if Versions(tokens).stamp(shows) == stamp else None


def _served(stored: tuple) -> HttpResponse:
    _shows, _stamp, status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


class ReaderPageCacheMiddleware:
    """Serve cached reader pages to anonymous readers before any other work.

    First in ``MIDDLEWARE``: a hit costs one Redis round trip (the page and
    the current versions it shows in one ``get_many``), no session, no URL
    resolving, no database. The stored response is the one the whole
    middleware stack produced, security headers included. A request with a
    session cookie goes through the stack (it may be signed in).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        candidate = (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and page_cache_seconds() > 0
        )
        key = page_cache_key(request) if candidate else None
        if key is None:
            return self.get_response(request)
        stored = _current_copy(key)
        if stored:
            return _served(stored)
        request.reader_page_lock = f"render:{key}"
        request.reader_page_rendering = False
        with ExitStack() as locks:
            request.reader_page_locks = locks
            response = self.get_response(request)
            if isinstance(response, RenderedElsewhere):
                stored = self._wait_for_copy(key, request.reader_page_lock)
                if stored:
                    return _served(stored)
                # Not stored in time (or not storable): render it here.
                request.reader_page_rendering = True
                response = self.get_response(request)
            self._store(request, key, response)
        return response

    @staticmethod
    def _wait_for_copy(key: str, lock: str) -> tuple | None:
        """The copy another request is rendering, once stored with current
        versions; None when it is not there within the wait, or when that
        request finished without storing one."""
        deadline = time.monotonic() + render_wait_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.02)
            stored = _current_copy(key)
            if stored:
                return stored
            if not cache.has_key(LOCK_PREFIX + lock):
                return _current_copy(key)
        return None

    @staticmethod
    def _store(request: HttpRequest, key: str, response: HttpResponse) -> None:
        shown = getattr(response, "reader_page_versions", None)
        if not (
            shown
            and response.status_code == 200
            and not response.cookies
            and (not page_query(request) or _variant_admitted())
        ):
            return
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() != "x-page-cache"
        ]
        shows, stamp = shown
        cache.set(
            key,
            (shows, stamp, response.status_code, headers, response.content),
            page_cache_seconds(),
        )
        _remember_shows(key, shows)
