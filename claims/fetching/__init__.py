"""Fetch a page safely and reduce it to comparable text.

- ``client``: the :class:`FetchPolicy`, the URL and address rules and
  :func:`fetch` (SSRF-safe, robots.txt respected). No Django.
- ``text``: main-text extraction, normalisation, hashing and diffs. No Django.
- ``policy``: :func:`~claims.fetching.policy.fetch_policy`, the policy built
  from Django settings with the robots.txt cache. Import it from there: this
  package's top level stays importable without Django settings.
"""

from .client import (
    DEFAULT_CONTENT_TYPES,
    FetchPolicy,
    FetchResult,
    Outcome,
    RobotsCache,
    address_refusal,
    fetch,
    url_refusal,
)
from .text import content_hash, extract_text, normalise_text, text_diff

__all__ = [
    "DEFAULT_CONTENT_TYPES",
    "FetchPolicy",
    "FetchResult",
    "Outcome",
    "RobotsCache",
    "address_refusal",
    "content_hash",
    "extract_text",
    "fetch",
    "normalise_text",
    "text_diff",
    "url_refusal",
]
