"""The SQL of each database's full-text search, chosen in one place.

PostgreSQL: ``claims_claimsearchdocument.document``, a stored generated
``tsvector`` (the ``simple`` configuration over the pre-segmented words,
weights A-D) with a GIN index; ranked by ``ts_rank``. SQLite: the FTS5 table
``claims_search_fts`` kept equal to the documents by triggers; ranked by
``bm25`` with column weights. Migration 0010 creates both.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Expression, F, FloatField

from .text import Term


@dataclass(frozen=True)
class SearchBackend:
    """How one database matches and ranks a query (``query_string``)."""

    matching_ids: str  # SQL: the ids of the claims that match %s
    rank: str  # SQL: the rank of the claim whose id is {pk} for %s; higher first
    and_: str
    or_: str
    # Terms joined for ranking: PostgreSQL's ts_rank scores an AND query by
    # how close its terms stand, which ranks a claim that names both words
    # far apart below one that names them in passing; joined by OR it adds
    # up the weight of each term's matches instead.
    rank_join: str = ""

    def query_string(self, terms: list[Term], *, join: str = "") -> str:
        return (join or self.and_).join(
            "(" + self.or_.join(self.phrase(phrase) for phrase in term) + ")"
            for term in terms
        )

    def phrase(self, tokens: tuple[str, ...]) -> str:
        raise NotImplementedError


class PostgresBackend(SearchBackend):
    def phrase(self, tokens: tuple[str, ...]) -> str:
        # Tokens are letters and digits only (claims.search.text).
        return "(" + " <-> ".join(f"'{token}'" for token in tokens) + ")"


class SqliteBackend(SearchBackend):
    def phrase(self, tokens: tuple[str, ...]) -> str:
        return '"' + " ".join(tokens) + '"'


# Table names written out: no SQL is built from anything but the query,
# which is always a parameter.
POSTGRES = PostgresBackend(
    matching_ids=(
        "SELECT claim_id FROM claims_claimsearchdocument "
        "WHERE document @@ to_tsquery('simple', %s)"
    ),
    rank=(
        "(SELECT ts_rank('{0.1, 0.2, 0.4, 1.0}', d.document, "
        "to_tsquery('simple', %s)) FROM claims_claimsearchdocument d "
        "WHERE d.claim_id = {pk})"
    ),
    and_=" & ",
    or_=" | ",
    rank_join=" | ",
)
SQLITE = SqliteBackend(
    matching_ids="SELECT rowid FROM claims_search_fts WHERE claims_search_fts MATCH %s",
    rank=(
        "(SELECT -bm25(claims_search_fts, 10.0, 4.0, 2.0, 1.0) "
        "FROM claims_search_fts WHERE claims_search_fts MATCH %s AND rowid = {pk})"
    ),
    and_=" AND ",
    or_=" OR ",
)


def search_backend() -> SearchBackend:
    """The backend of the database in use: PostgreSQL or SQLite."""
    if connection.vendor == "postgresql":
        return POSTGRES
    if connection.vendor == "sqlite":
        return SQLITE
    raise NotImplementedError(f"No full-text search for {connection.vendor}.")


class RankOf(Expression):
    """A claim's rank for a query: ``rank`` SQL about the claim's own id,
    which is resolved like any column (whatever alias the query gives the
    claims table)."""

    output_field = FloatField()

    def __init__(self, sql: str, params: list) -> None:
        super().__init__()
        self.sql, self.params = sql, params
        self.pk = F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs) -> None:
        [self.pk] = exprs

    def as_sql(self, compiler, connection, **extra):
        pk_sql, pk_params = compiler.compile(self.pk)
        return self.sql.replace("{pk}", pk_sql), [*self.params, *pk_params]
