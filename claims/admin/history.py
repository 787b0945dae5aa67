"""The admin's History pages: each change shown as an editor reads it.

django-simple-history prints a changed value with ``str()``: a time as
``2026-12-04 20:56:13.412424+00:00`` (UTC, microseconds), an empty foreign
key as "Deleted user (pk=None)", a choice by its stored code. Here times are
in the site's time zone and dates in the active language's format, an empty
value is a dash, a choice is its label, and only a related row that is
really gone says so.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.models import DeletedObject, ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper

from claims.reasons import reason_display

EMPTY = "—"


def _model_field(model, name: str):
    """The model's field ``name``, or None for a column that is not one."""
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def display_value(field, value: Any) -> Any:
    """``value`` of ``field`` as the History page shows it."""
    if isinstance(value, DeletedObject):
        if value.pk is None:
            return EMPTY
        return _("%(type)s no longer exists (id %(pk)s)") % {
            "type": value.model._meta.verbose_name,
            "pk": value.pk,
        }
    if value is None or value == "":
        return EMPTY
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, timedelta):
        return ngettext("%(days)d day", "%(days)d days", value.days) % {
            "days": value.days
        }
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    choices = getattr(field, "flatchoices", None)
    if choices:
        return str(dict(choices).get(value, value))
    return value


class LocalHistoryContextHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change: ModelChange, value: Any) -> Any:
        prepared = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(prepared, list):
            return [display_value(field, item) for item in prepared]
        return display_value(field, prepared)


class LocalHistoryMixin:
    """History pages with values shown in the site's time zone, in the
    active language's formats (``LocalHistoryContextHelper``), the reasons
    for each change translated (``claims.reasons``) and the columns of
    ``history_list_display`` by their labels."""

    def get_historical_record_context_helper(self, request, historical_record):
        return LocalHistoryContextHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, *args, **kwargs):
        super().set_history_delta_changes(request, historical_records, *args, **kwargs)
        # The page's own copies of the rows, shown and never saved.
        for record in historical_records:
            record.history_change_reason = reason_display(
                record.history_change_reason or ""
            )
            for column in getattr(self, "history_list_display", ()):
                field = _model_field(self.model, column)
                # A related row shows as it names itself already.
                if field is not None and not field.is_relation:
                    setattr(
                        record, column, display_value(field, getattr(record, column))
                    )
