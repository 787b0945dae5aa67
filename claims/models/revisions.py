"""Pending revisions: a change to a public claim that waits for a second person.

Readers see a published or retracted claim as it was approved. An editor's
change to it (its fields, its topics, its evidence) is stored here, as the
values proposed, until a reviewer other than its author approves it
(``claims.services.revisions``). The values are kept as JSON: a related
object by its primary key, a date by its ISO form, a duration by Django's
duration string.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.duration import duration_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import EvidenceOperation, RevisionStatus
from .claim import Claim
from .evidence import Evidence


def dump_value(field: models.Field, value: Any) -> Any:
    """``value`` of ``field`` in a form JSON can hold."""
    if value is None:
        return None
    if field.is_relation:
        return value.pk if isinstance(value, models.Model) else value
    if isinstance(value, datetime.timedelta):
        return duration_string(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def model_field(model: type[models.Model], name: str) -> models.Field:
    """The concrete field ``name`` of ``model`` (a revision names only those)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), name
    return field


def _related_model(field: models.Field) -> type[models.Model]:
    related = field.related_model
    assert isinstance(related, type), field.name
    return related


def load_value(field: models.Field, raw: Any) -> Any:
    """The Python value ``dump_value`` stored: a related object is read
    again, and one deleted since is a field error."""
    if raw is None:
        return None
    if field.is_relation:
        related = _related_model(field)._base_manager.filter(pk=raw).first()
        if related is None:
            raise ValidationError(
                {
                    field.name: gettext(
                        "The %(name)s this change names no longer exists."
                    )
                    % {"name": field.verbose_name}
                }
            )
        return related
    return field.to_python(raw)


def display_value(field: models.Field, raw: Any) -> str:
    """A stored value as an editor reads it in a diff."""
    if raw is None or raw == "":
        return "—"
    if field.is_relation:
        related = _related_model(field)._base_manager.filter(pk=raw).first()
        return str(related) if related is not None else f"#{raw}"
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    return str(raw)


class ClaimRevision(models.Model):
    """A change to a public claim, proposed and waiting for (or past) a
    second person's decision."""

    claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("claim"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    base_version = models.BigIntegerField(
        _("based on version"),
        help_text=_("The claim's version the change was made to."),
    )
    fields = models.JSONField(
        _("proposed values"), default=dict, blank=True, help_text=_("By field name.")
    )
    previous = models.JSONField(
        _("published values"),
        default=dict,
        blank=True,
        help_text=_("What the proposed values replace, by field name."),
    )
    topics = models.JSONField(
        _("proposed topics"),
        null=True,
        blank=True,
        help_text=_("Topic ids, or empty when the topics stay as they are."),
    )
    change_kind = models.CharField(
        _("kind of rating change"), max_length=20, blank=True
    )
    change_reason = models.TextField(
        _("public reason for the new rating or deadline"), blank=True
    )
    change_reason_en = models.TextField(
        _("public reason for the new rating (English)"), blank=True
    )
    resolve_flags = models.JSONField(
        _("flags to close"),
        default=list,
        blank=True,
        help_text=_(
            "The claim's flags the new rating closes as “re-rated” when the "
            "revision is approved: their ids, or true for its deadline-passed "
            "and review-due flags."
        ),
    )
    reason = models.CharField(
        _("reason"),
        max_length=300,
        blank=True,
        help_text=_("Why it changed: kept in the claim's history when applied."),
    )
    evidence_changes = models.JSONField(
        _("evidence changes"),
        default=list,
        blank=True,
        help_text=_(
            "Each with its operation (add, change, remove), the evidence's id "
            "and the version it was read at, and the proposed values."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RevisionStatus,
        default=RevisionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=4000, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [
            models.Index(fields=["claim", "status"], name="claims_revision_status"),
        ]

    def __str__(self) -> str:
        return gettext("Revision %(id)s of “%(claim)s”") % {
            "id": self.pk,
            "claim": self.claim,
        }

    @property
    def is_pending(self) -> bool:
        return self.status == RevisionStatus.PENDING

    @property
    def changes_claim(self) -> bool:
        """Whether it changes the claim's own fields or topics (not only its
        evidence, whose rows carry their own versions)."""
        return bool(self.fields) or self.topics is not None

    def is_stale(self, *, claim_version: int) -> bool:
        """Made to a version of the claim that has been replaced since."""
        return self.changes_claim and claim_version != self.base_version

    def proposed_values(self) -> dict[str, Any]:
        """The proposed field values, as Python values (related objects read)."""
        return {
            name: load_value(model_field(Claim, name), raw)
            for name, raw in self.fields.items()
        }

    def evidence_operations(self) -> list[dict[str, Any]]:
        """The evidence changes, their values as Python values."""
        operations = []
        for change in self.evidence_changes:
            values = {
                name: load_value(model_field(Evidence, name), raw)
                for name, raw in (change.get("fields") or {}).items()
            }
            operations.append({**change, "values": values})
        return operations

    def field_diff(self) -> list[dict[str, str]]:
        """Each changed field: its label, the published and the proposed value."""
        rows = []
        for name, raw in self.fields.items():
            field = model_field(Claim, name)
            rows.append(
                {
                    "name": name,
                    "label": str(field.verbose_name),
                    "old": display_value(field, self.previous.get(name)),
                    "new": display_value(field, raw),
                }
            )
        return rows

    def evidence_diff(self) -> list[dict[str, Any]]:
        """Each evidence change: what is done to which source, field by field."""
        rows = []
        for change in self.evidence_changes:
            fields = change.get("fields") or {}
            previous = change.get("previous") or {}
            rows.append(
                {
                    "operation": str(EvidenceOperation(change["operation"]).label),
                    "title": fields.get("title") or change.get("title", ""),
                    "fields": [
                        {
                            "label": str(model_field(Evidence, name).verbose_name),
                            "old": display_value(
                                model_field(Evidence, name), previous.get(name)
                            ),
                            "new": display_value(model_field(Evidence, name), raw),
                        }
                        for name, raw in fields.items()
                    ],
                }
            )
        return rows
