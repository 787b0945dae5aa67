from __future__ import annotations

import re

from django import template
from django.http import QueryDict

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")

register = template.Library()


@register.simple_tag
def list_target(page_query: str) -> dict[str, str]:
    """What the claim list with ``page_query`` lets a reader follow: the
    topic when it is filtered by a topic alone (the topic's page), else
    the search; ``kind`` is empty for the whole list (nothing to follow
    by e-mail: the site feed has every change)."""
    data = QueryDict(page_query)
    names = [name for name in data if name != "sort" and data.get(name)]
    if names == ["topic"] and SLUG.match(data["topic"]):
        return {"kind": "topic", "value": data["topic"]}
    if names:
        return {"kind": "search", "value": page_query}
    return {"kind": "", "value": ""}
