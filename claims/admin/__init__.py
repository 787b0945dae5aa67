"""The editors' workspace: claims, their evidence and flags, and the scales.

Django's admin autodiscovery imports this package; importing the modules
below registers every ModelAdmin (and the sign-in form, login.py; the
JavaScript catalogue, language.py).
"""

from claims.admin import (
    catalogue,
    claims,
    evidence,
    flags,
    hosts,
    language,
    login,
    profiles,
    revisions,
    verdicts,
)

__all__ = [
    "catalogue",
    "claims",
    "evidence",
    "flags",
    "hosts",
    "language",
    "login",
    "profiles",
    "revisions",
    "verdicts",
]
