"""Following, step by step, the way a reader does it."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

LINK = re.compile(r"https?://\S+")


def follow(
    client,
    *,
    email: str,
    kind: str,
    value: str,
    frequency="immediate",
    language="en",
    **extra,
):
    with translation.override(language):
        url = reverse("follows:follow")
    return client.post(
        url,
        {"email": email, "kind": kind, "value": value, "frequency": frequency},
        **extra,
    )


def links_in(body: str) -> list[str]:
    return LINK.findall(body)


def confirm_link(body: str) -> str:
    [link] = [link for link in links_in(body) if "/follow/confirm/" in link]
    return link


def path_of(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]
