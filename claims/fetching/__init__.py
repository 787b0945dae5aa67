"""Fetch a page safely and reduce it to comparable text.

- ``client``: the :class:`FetchPolicy` and :func:`fetch` (SSRF-safe,
  robots.txt respected, one wall-clock limit) and :func:`post` (a webhook's
  body, no redirect followed); ``outcomes``: what a fetch
  returns. No Django.
- ``addresses``: the URL and address rules; ``transport``: the session that
  pins checked addresses; ``deadline``: the limit that shuts down a fetch's
  connections; ``dns``: "no such host" told from a failing resolver.
- ``text``: main-text extraction, normalisation, hashing and diffs. No Django.
- ``diffs``: a stored diff read back with the words inserted and deleted
  marked (jieba's words for Chinese). No Django.
- ``policy``: :func:`~claims.fetching.policy.fetch_policy`, the policy built
  from Django settings with the robots.txt cache. Import it from there: this
  package's top level stays importable without Django settings.
"""

from .addresses import address_refusal, url_refusal
from .client import DEFAULT_CONTENT_TYPES, FetchPolicy, RobotsCache, fetch, post
from .outcomes import FetchResult, Outcome
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
    "post",
    "text_diff",
    "url_refusal",
]
