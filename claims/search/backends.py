"""The SQL of each database's full-text search, chosen in one place.

PostgreSQL: ``claims_claimsearchdocument.document``, a stored generated
``tsvector`` (the ``simple`` configuration over the pre-segmented words,
weights A-D) with a GIN index, joined to the claims; ranked by ``ts_rank``.
The index holds each document with one more word, its claim's block of
10,000 by id (migration 0027), so that a reader's first matches can be
asked for among the newest claims.
SQLite: the FTS5 table ``claims_search_fts`` kept equal to the documents by
triggers; ranked by ``bm25`` with column weights. Migration 0010 creates both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import connection, connections
from django.db.models import BooleanField, Expression, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from .text import Term

# What the GIN index holds of a search document (migration 0027): its words
# and its claim's block, "~" and the claim's id divided by
# SEARCH_BLOCK_CLAIMS. A query's words (letters and digits) are never a
# block's. Matching uses the same expression, or the index is not used.
SEARCH_BLOCK_CLAIMS = 10_000
INDEXED = (
    "({table}.document || array_to_tsvector("
    f"ARRAY['~' || ({{table}}.claim_id / {SEARCH_BLOCK_CLAIMS})::text]))"
)
# The same, read from the documents' own table (not joined to the claims).
DOCUMENT_INDEXED = INDEXED.format(table="claims_claimsearchdocument")
# How many of the newest blocks a reader's first matches are asked in first.
SEARCH_NEWEST_BLOCKS = 2
# Short of its first matches there, a search reads the next blocks, as many
# as those found predict (a filter that keeps a third of the claims needs
# two more), at most this many; fewer found than that, every match is asked
# for.
SEARCH_WIDER_BLOCKS = 16
# A list of at most this many claims is searched among its own claims.
SEARCH_NARROW_LIST = 1_000


@dataclass(frozen=True)
class SearchBackend:
    """How one database matches and ranks a query (``query_string``)."""

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

    def match(self, queryset: QuerySet, terms: list[Term]) -> QuerySet:
        """``queryset`` narrowed to the claims matching every term, found
        through the index."""
        raise NotImplementedError

    def rank(self, queryset: QuerySet, terms: list[Term]) -> QuerySet:
        """``queryset`` with ``search_rank`` (higher is better)."""
        raise NotImplementedError

    def among(self, queryset: QuerySet, ids: list) -> QuerySet:
        """``queryset`` narrowed to the claims ``ids`` (a search's first
        matches)."""
        return queryset.filter(pk__in=ids)

    def search(self, queryset: QuerySet, terms: list[Term]) -> QuerySet:
        """The claims of ``queryset`` matching every term, with their rank."""
        return self.rank(self.match(queryset, terms), terms)

    def first_matches_sql(
        self, queryset: QuerySet, terms: list[Term], limit: int
    ) -> tuple[str, list]:
        """SQL (and its parameters) of the ids of at most ``limit`` claims of
        ``queryset`` matching every term, in the order the index gives."""
        first = self.match(queryset, terms).order_by().values_list("pk", flat=True)
        sql, params = first[:limit].query.sql_with_params()
        return sql, list(params)

    def first_matches(self, queryset: QuerySet, terms: list[Term], limit: int) -> list:
        """The ids of at most ``limit`` claims of ``queryset`` matching every
        term."""
        return self._ids(queryset, *self.first_matches_sql(queryset, terms, limit))

    @staticmethod
    def _ids(queryset: QuerySet, sql: str, params: list) -> list:
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]


class PostgresBackend(SearchBackend):
    def phrase(self, tokens: tuple[str, ...]) -> str:
        # Tokens are letters and digits only (claims.search.text).
        return "(" + " <-> ".join(f"'{token}'" for token in tokens) + ")"

    # The claim's document is joined, and the GIN index finds the matches
    # (the admin's search, every match; a reader's goes by first_matches).
    def match(self, queryset: QuerySet, terms: list[Term]) -> QuerySet:
        matches = DocumentSQL(
            "{indexed} @@ to_tsquery('simple', %s)",
            [self.query_string(terms)],
            output_field=BooleanField(),
        )
        return queryset.filter(matches)

    def first_matches(self, queryset: QuerySet, terms: list[Term], limit: int) -> list:
        # The newest claims' matches first: for a common word the index then
        # reads the matches of two blocks, not the word's every match (the
        # bitmap PostgreSQL builds before the first row: 15 to 25 ms for a
        # word in a tenth of a million claims). Short of ``limit`` there
        # (the list's other filters keep a part of the claims), the next
        # blocks, as many as those found predict; short again, every match.
        found: list = []
        if self._probed_by_id(queryset):
            found = self._ids(
                queryset,
                *self.first_matches_sql(
                    queryset, terms, limit, blocks=(0, SEARCH_NEWEST_BLOCKS)
                ),
            )
            wider = _wider_blocks(len(found), limit)
            if wider:
                found += self._ids(
                    queryset,
                    *self.first_matches_sql(
                        queryset,
                        terms,
                        limit - len(found),
                        blocks=(SEARCH_NEWEST_BLOCKS, SEARCH_NEWEST_BLOCKS + wider),
                    ),
                )
            if len(found) == limit:
                return found
        # A list of a few claims (one speaker's, one article's) is matched
        # among its own claims: PostgreSQL reads their documents by id, or
        # the index for a rarer word, whichever costs less. Probing a common
        # word's every match against one speaker's 200 claims took 470 ms at
        # a million claims.
        listed = self._narrow_list(queryset)
        if listed is not None:
            return self._ids(queryset, *self._among_sql(listed, terms, limit))
        # The newest blocks' matches first, then the others as the index
        # gives them.
        every = super().first_matches(queryset, terms, limit)
        seen = set(found)
        return [*found, *(pk for pk in every if pk not in seen)][:limit]

    @staticmethod
    def _probed_by_id(queryset: QuerySet) -> bool:
        """Whether the list's claims can be read by id from its own query: a
        list with DISTINCT or a slice cannot, and keeps the plain match."""
        return not (queryset.query.distinct or queryset.query.is_sliced)

    def _narrow_list(self, queryset: QuerySet) -> list | None:
        """The ids of ``queryset`` if it holds at most ``SEARCH_NARROW_LIST``
        claims, else None."""
        if not self._probed_by_id(queryset):
            return None
        listed = queryset.order_by().values_list("pk", flat=True)
        sql, params = listed[: SEARCH_NARROW_LIST + 1].query.sql_with_params()
        ids = self._ids(queryset, sql, list(params))
        return ids if len(ids) <= SEARCH_NARROW_LIST else None

    def _among_sql(self, ids: list, terms: list[Term], limit: int) -> tuple[str, list]:
        sql = (
            "SELECT claim_id FROM claims_claimsearchdocument "  # noqa: S608
            "WHERE claim_id = ANY(%s::bigint[]) "
            f"AND {DOCUMENT_INDEXED} @@ to_tsquery('simple', %s) LIMIT %s"
        )
        return sql, [_id_array(ids), self.query_string(terms), limit]

    def first_matches_sql(
        self,
        queryset: QuerySet,
        terms: list[Term],
        limit: int,
        *,
        blocks: tuple[int, int] | None = None,
    ) -> tuple[str, list]:
        # Asked for the first few matches of a common word, PostgreSQL would
        # rather walk the documents in id order and test each one (reading
        # every document's words) than ask the GIN index, since it expects
        # to stop early. The index's matches are read first instead, as
        # they come from the heap, and each is checked against the list's
        # other filters by its id until ``limit`` are found.
        if not self._probed_by_id(queryset):
            return super().first_matches_sql(queryset, terms, limit)
        listed, params = queryset.order_by().values("pk").query.sql_with_params()
        words = "to_tsquery('simple', %s)"
        query_params = [self.query_string(terms)]
        if blocks:
            # The words of the blocks ``blocks`` counts back from the newest
            # (0, 2: '~12' | '~11'), from the newest document's id, written
            # as a tsquery (to_tsquery would drop their "~").
            either = " || ' | ' || ".join(
                f"'''~' || (newest.top - {n}) || ''''" for n in range(*blocks)
            )
            words = (
                f"({words} && (SELECT ({either})::tsquery FROM (SELECT "  # noqa: S608
                f"max(claim_id) / {SEARCH_BLOCK_CLAIMS} AS top "
                "FROM claims_claimsearchdocument) newest))"
            )
        # ``listed`` is Django's compiled query; every value is a parameter.
        sql = (
            "WITH matches AS MATERIALIZED (SELECT claim_id "  # noqa: S608
            "FROM claims_claimsearchdocument "
            f"WHERE {DOCUMENT_INDEXED} @@ {words}) "
            "SELECT matches.claim_id FROM matches WHERE "
            f"(SELECT 1 FROM ({listed}) listed WHERE listed.pk = matches.claim_id "
            "LIMIT 1) IS NOT NULL LIMIT %s"
        )
        return sql, [*query_params, *params, limit]

    def among(self, queryset: QuerySet, ids: list) -> QuerySet:
        # The ids as one array: as one parameter each, the 500 ids of a
        # search cost Django and psycopg 1.7 ms a query (the page and its
        # count), three times what PostgreSQL takes.
        return queryset.filter(
            ClaimSQL(
                "{pk} = ANY(%s::bigint[])",
                [_id_array(ids)],
                output_field=BooleanField(),
            )
        )

    def rank(self, queryset: QuerySet, terms: list[Term]) -> QuerySet:
        # A subquery, not a join: a count of the ranked list (its pages)
        # leaves it out whole, where a join would stay in the count.
        rank = ClaimSQL(
            "(SELECT ts_rank('{0.1, 0.2, 0.4, 1.0}', document, "
            "to_tsquery('simple', %s)) FROM claims_claimsearchdocument "
            "WHERE claim_id = {pk})",
            [self.query_string(terms, join=self.rank_join)],
        )
        return queryset.annotate(search_rank=rank)


def _wider_blocks(found: int, limit: int) -> int:
    """How many more blocks a search reads after finding ``found`` of its
    ``limit`` first matches in the newest ones: half as many again as their
    share predicts; none (every match is asked for) for more than
    ``SEARCH_WIDER_BLOCKS``, or when none or all were found."""
    if not found or found >= limit:
        return 0
    wider = math.ceil((limit - found) * SEARCH_NEWEST_BLOCKS * 1.5 / found)
    return wider if wider <= SEARCH_WIDER_BLOCKS else 0


def _id_array(ids: list) -> str:
    """``ids`` written as one PostgreSQL array literal: psycopg, quoting a
    list of 500 ids as a parameter, spends 0.8 ms on it a query; the text
    of the array is one string to quote."""
    return "{" + ",".join(str(int(pk)) for pk in ids) + "}"


class SqliteBackend(SearchBackend):
    def phrase(self, tokens: tuple[str, ...]) -> str:
        return '"' + " ".join(tokens) + '"'

    # FTS5 answers MATCH and bm25() only in a query on its own table.
    def match(self, queryset: QuerySet, terms: list[Term]) -> QuerySet:
        matching = RawSQL(  # noqa: S611 - fixed SQL, the query a parameter
            "SELECT rowid FROM claims_search_fts WHERE claims_search_fts MATCH %s",
            [self.query_string(terms)],
        )
        return queryset.filter(pk__in=matching)

    def rank(self, queryset: QuerySet, terms: list[Term]) -> QuerySet:
        rank = ClaimSQL(
            "(SELECT -bm25(claims_search_fts, 10.0, 4.0, 2.0, 1.0) "
            "FROM claims_search_fts WHERE claims_search_fts MATCH %s AND rowid = {pk})",
            [self.query_string(terms)],
        )
        return queryset.annotate(search_rank=rank)


POSTGRES = PostgresBackend(and_=" & ", or_=" | ", rank_join=" | ")
SQLITE = SqliteBackend(and_=" AND ", or_=" OR ")


def search_backend() -> SearchBackend:
    """The backend of the database in use: PostgreSQL or SQLite."""
    if connection.vendor == "postgresql":
        return POSTGRES
    if connection.vendor == "sqlite":
        return SQLITE
    raise NotImplementedError(f"No full-text search for {connection.vendor}.")


class DocumentSQL(Expression):
    """SQL about the claim's search document, ``{indexed}`` standing for what
    its GIN index holds (``INDEXED``): the document is joined through the
    claim's ``search_document`` relation, under whatever alias the query
    gives it."""

    def __init__(self, sql: str, params: list, output_field) -> None:
        super().__init__(output_field=output_field)
        self.sql, self.params = sql, params
        self.joined = F("search_document__words_a")

    def get_source_expressions(self):
        return [self.joined]

    def set_source_expressions(self, exprs) -> None:
        [self.joined] = exprs

    def as_sql(self, compiler, connection, **extra):
        alias = compiler.quote_name_unless_alias(self.joined.alias)
        sql = self.sql.replace("{indexed}", INDEXED.format(table=alias))
        return sql, list(self.params)


class ClaimSQL(Expression):
    """SQL about the claim's own id, ``{pk}``, which is resolved like any
    column (whatever alias the query gives the claims table); the id comes
    before any parameter."""

    def __init__(self, sql: str, params: list, output_field=None) -> None:
        super().__init__(output_field=output_field or FloatField())
        self.sql, self.params = sql, params
        self.pk = F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs) -> None:
        [self.pk] = exprs

    def as_sql(self, compiler, connection, **extra):
        pk_sql, pk_params = compiler.compile(self.pk)
        return self.sql.replace("{pk}", pk_sql), [*pk_params, *self.params]
