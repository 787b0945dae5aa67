"""What the history says changed in a record since a given version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from claims.models import Evidence


@dataclass(frozen=True)
class ChangesSince:
    """The fields (their verbose names) changed since a version, and who
    changed them; both empty when the history cannot tell."""

    fields: tuple[str, ...] = ()
    users: tuple[str, ...] = ()


def evidence_changes_since(*, evidence_id: int, since: datetime) -> ChangesSince:
    """What changed in the evidence after the save that set its ``updated_at``
    to ``since``.

    That save's history row is the first dated at or after ``since`` (the row
    is written just after ``updated_at`` is set, and the next save starts
    later); the rows after it are the changes since.
    """
    rows = list(
        Evidence.history.filter(id=evidence_id, history_date__gte=since)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    if len(rows) < 2:
        return ChangesSince()
    seen, later = rows[0], rows[1:]
    delta = later[-1].diff_against(seen)
    names = {field.name: str(field.verbose_name) for field in Evidence._meta.fields}
    return ChangesSince(
        fields=tuple(names.get(change.field, change.field) for change in delta.changes),
        users=tuple(
            dict.fromkeys(str(row.history_user) for row in later if row.history_user)
        ),
    )
