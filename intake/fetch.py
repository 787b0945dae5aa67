"""An article's main text from its URL, through the project's safe fetcher."""

from __future__ import annotations

from claims.fetching import Outcome, extract_text, fetch
from claims.fetching.policy import fetch_policy


class ArticleFetchError(Exception):
    """The article could not be fetched; the message says why, for the editor."""


def fetch_article_text(url: str) -> str:
    """The main text of the page at ``url`` (SSRF-safe, robots.txt respected).

    The same fetch policy as the evidence checks, robots.txt cache included.
    """
    result = fetch(url, policy=fetch_policy())
    if result.outcome != Outcome.OK:
        raise ArticleFetchError(
            f"Could not fetch the article ({result.outcome}): "
            f"{result.reason or result.status or 'no answer'}. "
            "Paste its text instead."
        )
    text = extract_text(result.body, content_type=result.content_type)
    if not text.strip():
        raise ArticleFetchError(
            "The page has no readable article text. Paste its text instead."
        )
    return text
