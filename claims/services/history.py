"""Who made a change and why: the one place a save is attributed.

django-simple-history writes a history row on every save of a tracked model
and reads the user and reason for it from two attributes on the instance.
Every service sets them through ``attribute`` before it saves.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import models


def attribute(
    instance: models.Model, *, user: AbstractBaseUser | None, reason: str
) -> None:
    """The history row the next save of ``instance`` writes names ``user`` and
    ``reason`` (a template from ``claims.reasons.ChangeReason``, filled in)."""
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
