"""Markdown from editors (analyses, evidence notes) rendered safely for readers.

markdown-it-py with raw HTML switched off, then nh3 as the allow-list: even
a renderer bug cannot let a script or an event handler through.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
LINK_REL = "noopener noreferrer nofollow"


def markdown_to_html(source: str) -> SafeString:
    """Sanitised HTML for ``source``; every link gets rel="noopener noreferrer
    nofollow" and only http, https and mailto links survive."""
    if not source:
        return mark_safe("")  # noqa: S308 - empty
    html = _renderer.render(source)
    # Headings inside an analysis sit below the page's own h1/h2.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
