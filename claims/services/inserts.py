"""Set-based writes: one ``INSERT ... SELECT`` built from a queryset.

The scans open flags and record public events for thousands of claims in one
statement; the rows' values are expressions over the selected rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import connection, models
from django.db.models import Field, QuerySet
from django.db.models.expressions import Combinable

PREFIX = "insert_"


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column  # a column, not a relation
    return field.column


def insert_select(
    model: type[models.Model],
    rows: QuerySet,
    values: Mapping[str, Combinable],
    *,
    on_conflict_do_nothing: bool = False,
    hash_joins: bool = False,
    returning: str | None = None,
) -> list[Any]:
    """Insert into ``model`` one row per row of ``rows``, its fields (the keys
    of ``values``, by name) set to the expressions. Returns, for each row
    inserted, the value of its field ``returning`` (its primary key when
    None).

    ``on_conflict_do_nothing`` (PostgreSQL and SQLite alike; no conflict
    target, so partial unique indexes count) skips rows a concurrent writer
    inserted. ``hash_joins`` turns nested loops off for the statement on
    PostgreSQL (call it inside a transaction: ``SET LOCAL``).
    """
    fields = {f"{PREFIX}{name}": value for name, value in values.items()}
    select = rows.annotate(**fields).values(*fields).order_by()
    sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in values)
    insert = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {sql}"  # noqa: S608
    if on_conflict_do_nothing:
        insert += " ON CONFLICT DO NOTHING"
    returned = _column(model, returning or model._meta.pk.name)
    insert += f" RETURNING {quote(returned)}"
    with connection.cursor() as cursor:
        if hash_joins and connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute(insert, params)
        return [row[0] for row in cursor.fetchall()]
