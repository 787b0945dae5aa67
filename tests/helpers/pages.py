"""Reading reader pages: their address in a language, their visible text."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation


def url_in(language: str, name: str, **kwargs) -> str:
    """The address of the URL named ``name`` in ``language``."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def text_of(response) -> str:
    """The page's visible text, tags removed and white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))


def json_ld(response) -> list[str]:
    """The text of each JSON-LD block on the page."""
    return re.findall(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        flags=re.S,
    )


def reader_urls(
    claim, *, search: str = "alert", languages=("en", "zh-hans")
) -> list[str]:
    """Every reader page and feed that shows ``claim`` (the list searched for
    ``search`` too), in each language."""
    urls = []
    for language in languages:
        with translation.override(language):
            urls += [
                claim.get_absolute_url(),
                reverse("claims:list"),
                reverse("claims:list") + "?" + urlencode({"q": search}),
                reverse("claims:home"),
                claim.article.get_absolute_url(),
                claim.speaker.get_absolute_url(),
                reverse("claims:feed"),
                reverse("claims:claim-feed", kwargs={"slug": claim.slug}),
            ]
    return urls
