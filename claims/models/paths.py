"""The address of a page named by a slug (a claim's, a speaker's, an
article's), without running Django's URL reversal each time: a list page
writes a hundred such addresses, a sitemap file tens of thousands.

``slug_path`` reverses the route once per language, script prefix and
URLconf with a placeholder slug and puts each slug in its place; a slug the
route's ``slug`` converter would not accept goes through ``reverse``, which
refuses it as before.
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Django's ``slug`` path converter (django.urls.converters.SlugConverter):
# what it accepts needs no quoting in an address.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
MARK = "slug-placeholder"


@functools.lru_cache(maxsize=128)
def _around(name: str, language: str | None, prefix: str, urlconf: str) -> list[str]:
    return reverse(name, kwargs={"slug": MARK}).split(MARK)


def slug_path_parts(name: str) -> tuple[str, str]:
    """What comes before and after the slug in the address of route
    ``name``, in the active language."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _around(name, get_language(), get_script_prefix(), str(urlconf))
    return before, after


def slug_path(name: str, slug: str) -> str:
    """``reverse(name, kwargs={"slug": slug})``, in the active language."""
    if not SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    before, after = slug_path_parts(name)
    return before + slug + after


@receiver(setting_changed)
def _routes_changed(*, setting: str, **kwargs) -> None:
    # Tests that swap URLconfs or languages get addresses of the new ones.
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _around.cache_clear()
