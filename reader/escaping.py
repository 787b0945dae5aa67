"""HTML escaping as Django's templates do it, without the lazy-text wrapper
of ``django.utils.html.conditional_escape``: a list page's rows and filter
menus, and a sitemap file, escape thousands of values."""

from __future__ import annotations

import html


def escape(value) -> str:
    """``conditional_escape(value)``: a value marked safe (``__html__``) as
    it is, any other escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
