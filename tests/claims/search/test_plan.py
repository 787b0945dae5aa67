"""On PostgreSQL the reader list's search for one common word finds its
claims through the GIN index of the search documents: the plans PostgreSQL
chooses by itself (no planner switch turned off), on enough claims (the
bench's, a fifth of its size) for its statistics to resemble an archive's."""

from __future__ import annotations

import pytest
from django.db import connection

from bench.search_bench import data_create
from claims import selectors
from claims.selectors import claim_list_light
from reader.filters import ClaimListFilter

pytestmark = pytest.mark.django_db

CLAIMS = 20_000


def reader_search(query: str):
    return ClaimListFilter({"q": query}, queryset=selectors.claim_list_public()).qs


def count_plan(claims) -> str:
    """The plan of counting these claims, as the reader list does."""
    sql, params = claims.order_by().values("pk").query.sql_with_params()
    explain = f"EXPLAIN SELECT count(*) FROM ({sql}) matches"  # noqa: S608 - the ORM's SQL
    with connection.cursor() as cursor:
        cursor.execute(explain, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_one_common_word_is_found_through_the_gin_index():
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index and its query plans are PostgreSQL's")
    data_create(CLAIMS, vacuum=False)

    for query in ("量产", "deliveries"):
        claims = reader_search(query)
        page = claim_list_light(claims)[:50].explain()
        count = count_plan(claims)

        # A tenth of the claims match the word.
        assert claims.count() == CLAIMS // 10
        # The page of 50, best match first: the documents through the GIN
        # index, then each matching claim by its id, never every claim.
        assert "claim_search_document_gin" in page, page
        assert "Seq Scan on claims_claim " not in page, page
        assert "Seq Scan on claims_claimsearchdocument" not in page, page
        # The count finds the same matches through the same index.
        assert "claim_search_document_gin" in count, count
        assert "Seq Scan on claims_claimsearchdocument" not in count, count
