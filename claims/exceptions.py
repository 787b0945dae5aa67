"""Errors the domain raises for a person to act on.

Services raise these; each interface maps them in one place (the API in
``claims.api.errors``, the admin on its forms, tasks by retrying). Field
errors have one shape: messages by field, dotted when nested
(``itemReviewed.author.name``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS as DJANGO_NON_FIELD_ERRORS
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class StaleUpdate(Exception):
    """The record changed after the client read it; nothing was written."""

    def __init__(self, *, current: dict[str, Any]):
        super().__init__(_("The record has changed since you read it."))
        self.current = current


class RevisionStale(StaleUpdate):
    """A pending revision was proposed on a version of the claim (or of its
    evidence) that has been replaced since; nothing was written. Its author
    proposes the change again on what is there now."""

    def __init__(self, *, revision: Any, detail: str, current: dict[str, Any]):
        super().__init__(current=current)
        self.revision = revision
        self.args = (
            _(
                "Revision %(id)s cannot be applied: %(detail)s Its author must "
                "propose the change again on the current version."
            )
            % {"id": revision.pk, "detail": detail},
        )


class FieldNotAllowed(Exception):
    """A write named fields its service may not set; nothing was written.

    Each service names the fields it sets (its allow-list); the editorial
    state, its timestamps, ``rated_at`` and ``version`` are set by the
    services themselves, never copied from input. ``fields`` are the names
    refused, ``allowed`` the ones the service accepts.
    """

    def __init__(self, fields: list[str], *, allowed: tuple[str, ...] | list[str]):
        self.fields = sorted(fields)
        self.allowed = list(allowed)
        super().__init__(
            _("These fields cannot be set here: %(fields)s.")
            % {"fields": ", ".join(self.fields)}
        )

    @classmethod
    def refuse_unlisted(
        cls, fields: Iterable[str], *, allowed: tuple[str, ...] | list[str]
    ) -> None:
        """Raise for the names in ``fields`` that ``allowed`` does not list."""
        refused = [name for name in fields if name not in allowed]
        if refused:
            raise cls(refused, allowed=allowed)

    def field_errors(self) -> dict[str, list[str]]:
        """One message per refused field, in the shape of ``InvalidInput``."""
        return {name: [_("This field cannot be set here.")] for name in self.fields}


class TransientCheckError(Exception):
    """The check failed in a way worth retrying soon (timeout, 5xx, ...)."""


# Where field errors that belong to no single field are listed.
NON_FIELD_ERRORS = "non_field_errors"


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn nested error details into {"a.b": ["message"]}.

    Takes Django's ``message_dict`` or DRF's ``detail``: dicts by field, lists
    by position (``evidence.0.url``); Django's ``__all__`` becomes
    ``non_field_errors``.
    """
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = NON_FIELD_ERRORS if key == DJANGO_NON_FIELD_ERRORS else str(key)
            flat.update(flatten_errors(value, f"{prefix}.{name}" if prefix else name))
        return flat
    if isinstance(detail, list | tuple):
        if any(isinstance(item, dict | list) for item in detail):
            flat = {}
            for index, item in enumerate(detail):
                if item:
                    key = f"{prefix}.{index}" if prefix else str(index)
                    flat.update(flatten_errors(item, key))
            return flat
        return {prefix or NON_FIELD_ERRORS: [str(item) for item in detail]}
    return {prefix or NON_FIELD_ERRORS: [str(detail)]}


def validation_error_fields(error: ValidationError) -> dict[str, list[str]]:
    """A Django ValidationError's messages by (dotted) field."""
    if hasattr(error, "error_dict"):
        return flatten_errors(error.message_dict)
    return {NON_FIELD_ERRORS: list(error.messages)}


class QueueUnavailable(Exception):
    """The task queue (the broker) refused or did not answer: the work was not
    queued. The caller keeps it elsewhere (due in the database) and says so."""

    def __init__(self, *, queued: int, not_queued: int):
        super().__init__(_("The task queue is unavailable."))
        self.queued = queued
        self.not_queued = not_queued


class InvalidInput(Exception):
    """What a person sent is invalid; ``fields`` maps each field (dotted when
    nested: ``itemReviewed.author.name``) to its messages."""

    def __init__(self, fields: dict[str, list[str]]):
        super().__init__(
            "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in fields.items()
            )
        )
        self.fields = fields

    @classmethod
    def from_validation_error(
        cls, error: ValidationError, *, prefix: str = ""
    ) -> InvalidInput:
        """The field errors of a Django ValidationError (from ``full_clean``),
        each under ``prefix`` when one is given."""
        fields = validation_error_fields(error)
        if prefix:
            fields = {f"{prefix}.{name}": messages for name, messages in fields.items()}
        return cls(fields)


class ImportRejected(Exception):
    """Some objects of an import were invalid, so nothing was imported.

    ``objects`` has one entry per invalid object: its ``index`` in the import
    and its ``fields`` (as in ``InvalidInput``).
    """

    def __init__(self, *, objects: list[dict[str, Any]]):
        super().__init__(
            _("%(count)d of the objects are invalid; nothing was imported.")
            % {"count": len(objects)}
        )
        self.objects = objects
