"""Caching of what reader pages show: the site generation and fragments.

``generation`` holds the token every cached page and fragment carries, and
the signals that replace it on every change; ``fragments`` caches rendered
parts of pages under it. The whole-page cache of the public site is
``reader.middleware``.
"""

from .fragments import (
    digest,
    fragment_cache_key,
    fragment_cache_seconds,
    fragments,
    request_generation,
)
from .generation import (
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
