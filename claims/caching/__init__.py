"""Caching of what reader pages show: versions and fragments.

``versions`` holds the tokens of what pages show (each claim, the lists, the
site) and the signals that replace them on a change; ``fragments`` caches
rendered parts of pages under them. The whole-page cache of the public site
is ``reader.middleware``.
"""

from .fragments import (
    digest,
    fragment_cache_key,
    fragment_cache_seconds,
    fragments,
    request_versions,
)
from .versions import (
    LISTS,
    PAGE_FAMILIES,
    SITE,
    Versions,
    cache_read,
    claim_version,
    claims_changed,
    connect_signals,
    pages_changed,
    pages_invalidate,
    versions_read,
)

__all__ = [
    "LISTS",
    "PAGE_FAMILIES",
    "SITE",
    "Versions",
    "cache_read",
    "claim_version",
    "claims_changed",
    "connect_signals",
    "digest",
    "fragment_cache_key",
    "fragment_cache_seconds",
    "fragments",
    "pages_changed",
    "pages_invalidate",
    "request_versions",
    "versions_read",
]
