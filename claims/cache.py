"""Old import path of the caching helpers, kept while code still imports it.

The site generation and its signals are in ``claims.caching.generation``,
the fragment cache in ``claims.caching.fragments``. The whole-page cache
(``ReaderPageCacheMiddleware``, ``reader_page``, ``page_cache_key``) moved to
``reader.middleware``: it is not re-exported here, as nothing in ``claims``
may import from the reader app.
"""

from claims.caching.fragments import (
    digest,
    fragment_cache_key,
    fragment_cache_seconds,
    fragments,
    request_generation,
)
from claims.caching.generation import (
    GENERATION_KEY,
    connect_signals,
    current_generation,
    pages_changed,
    pages_invalidate,
)

__all__ = [
    "GENERATION_KEY",
    "connect_signals",
    "current_generation",
    "digest",
    "fragment_cache_key",
    "fragment_cache_seconds",
    "fragments",
    "pages_changed",
    "pages_invalidate",
    "request_generation",
]
