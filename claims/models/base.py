"""What every model shares: clean text, timestamps, safe public addresses."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_public_url(value: str) -> None:
    """Refuse addresses a reader's browser should never be sent to.

    Only http and https, and no user name or password in the address
    (``https://bank.example@evil.example/`` reads as bank.example).
    """
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValidationError(
            _("Give a web address starting with http:// or https://."),
            code="scheme",
        )
    if "@" in parts.netloc:
        raise ValidationError(
            _("A web address may not contain a user name or password."),
            code="userinfo",
        )


# Migrations name a validator by its module and import it from there: they
# keep importing it from claims.models, whichever module of the package
# defines it (as migration 0006 already does).
validate_public_url.__module__ = "claims.models"


# BCP 47 language tags as sites write them: a language, then optional
# script, region and variant subtags ("fr", "zh-hant", "pt-BR", "si").
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$", re.IGNORECASE)


def validate_language_tag(value: str) -> None:
    """Refuse a value that is not a BCP 47 language tag."""
    if value and not LANGUAGE_TAG.match(value):
        raise ValidationError(
            _("“%(value)s” is not a language tag; write one such as zh-hans, en or fr.")
            % {"value": value},
            code="language",
        )


validate_language_tag.__module__ = "claims.models"


def text_problem(value: str) -> str | None:
    """Why a piece of text cannot be stored, or None when it is fine."""
    if "\x00" in value:
        return str(_("Remove the NUL characters from this text."))
    if "\ufffd" in value:
        return str(
            _(
                "This text contains the replacement character �: it was damaged "
                "by a wrong character encoding. Paste it again from the source."
            )
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return str(_("This text contains invalid Unicode characters."))
    return None


class CleanTextModel(models.Model):
    """Refuses NUL characters, lone surrogates and U+FFFD in every text field.

    PostgreSQL cannot store NUL or lone surrogates (a 500 instead of a form
    error), and U+FFFD means the text was already damaged on the way in.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None) -> None:
        errors: dict[str, list] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.message_dict
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude:
                continue
            if not isinstance(field, models.CharField | models.TextField):
                continue
            value = getattr(self, field.attname)
            if isinstance(value, str) and (problem := text_problem(value)):
                errors.setdefault(field.name, []).append(problem)
        if errors:
            raise ValidationError(errors)


class TimestampedModel(CleanTextModel):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
