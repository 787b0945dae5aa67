"""Reading reader pages: their address in a language, their visible text."""

from __future__ import annotations

import html as html_lib
import re

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
