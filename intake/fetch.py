"""An article's main text from its URL, through the project's safe fetcher."""

from __future__ import annotations

from django.conf import settings

from claims.fetching import FetchPolicy, Outcome, extract_text, fetch


class ArticleFetchError(Exception):
    """The article could not be fetched; the message says why, for the editor."""


def fetch_policy() -> FetchPolicy:
    return FetchPolicy(
        user_agent=settings.FETCH_USER_AGENT,
        connect_timeout=settings.FETCH_CONNECT_TIMEOUT,
        read_timeout=settings.FETCH_READ_TIMEOUT,
        total_deadline=settings.FETCH_TOTAL_DEADLINE,
        max_bytes=settings.FETCH_MAX_BYTES,
        unsafe_allowed_hosts=frozenset(settings.FETCH_UNSAFE_ALLOWED_HOSTS),
    )


def fetch_article_text(url: str) -> str:
    """The main text of the page at ``url`` (SSRF-safe, robots.txt respected)."""
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
