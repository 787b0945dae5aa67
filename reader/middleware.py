"""Whole-page caching of reader pages for anonymous readers.

Every cached page holds the site generation (``claims.caching.generation``)
it was rendered under; a page whose generation is no longer current is a
miss, so any change to what pages show invalidates every page at once.
``ReaderPageCacheMiddleware`` serves and stores the pages; ``reader_page``
marks which views may be cached.

If the cache is down (django-redis with ``IGNORE_EXCEPTIONS``), reads
return nothing and writes are dropped: pages render uncached.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from functools import partial, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

from claims.caching.fragments import fragment_cache_seconds
from claims.caching.generation import GENERATION_KEY, current_generation

from .filters import QUERY_PARAMETERS, query_value_plausible


def page_cache_seconds() -> int:
    return getattr(settings, "READER_PAGE_CACHE_SECONDS", 600)


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
        # replaces the generation, so this page (and the fragments rendered
        # for it) is stored as already stale.
        generation = (
            current_generation() if fragment_cache_seconds() > 0 or cacheable else None
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
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and page_cache_seconds() > 0
        )
        key = page_cache_key(request) if candidate else None
        if key is not None:
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
            key is not None
            and generation
            and response.status_code == 200
            and not response.cookies
            and (not page_query(request) or _variant_admitted())
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
