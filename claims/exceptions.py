"""Errors the domain raises for a person to act on.

Services raise these; each interface maps them in one place (the API in
``claims.api.errors``, the admin on its forms, tasks by retrying).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


class StaleUpdate(Exception):
    """The record changed after the client read it; nothing was written."""

    def __init__(self, *, current: dict[str, Any]):
        super().__init__(_("The record has changed since you read it."))
        self.current = current


class TransientCheckError(Exception):
    """The check failed in a way worth retrying soon (timeout, 5xx, ...)."""
