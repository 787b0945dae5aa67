"""On PostgreSQL the reader list's search for one common word finds its
claims through the GIN index of the search documents and ranks only a
bounded number of them: the plans PostgreSQL chooses by itself (no planner
switch turned off), on enough claims (the bench's, a fifth of its size) for
its statistics to resemble an archive's."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.search_bench import data_create
from claims import selectors
from claims.models import Claim, ClaimKind, Speaker
from claims.search.backends import (
    SEARCH_BLOCK_CLAIMS,
    SEARCH_NEWEST_BLOCKS,
    search_backend,
)
from claims.search.text import query_terms
from claims.selectors import claim_list_light, search_results_max
from reader.filters import ClaimListFilter

pytestmark = pytest.mark.django_db

CLAIMS = 20_000


def reader_search(query: str):
    return ClaimListFilter({"q": query}, queryset=selectors.claim_list_public()).qs


def reader_search_matches(query: str):
    """Every public claim matching ``query``, found through the index."""
    matches = search_backend().match(selectors.claim_list_public(), query_terms(query))
    return matches.order_by()


def first_matches_plan(query: str) -> str:
    """EXPLAIN ANALYZE of the query that finds a reader's first matches."""
    sql, params = search_backend().first_matches_sql(
        selectors.claim_list_public(), query_terms(query), search_results_max()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_one_common_word_ranks_only_a_bounded_number_of_matches():
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index and its query plans are PostgreSQL's")
    data_create(CLAIMS, vacuum=False)

    for query in ("量产", "deliveries"):
        matches = reader_search_matches(query)
        claims = reader_search(query)
        page = claim_list_light(claims)[:50].explain(analyze=True)

        # A tenth of the claims match the word; the list holds the first
        # SEARCH_RESULTS_MAX of them, best first.
        assert matches.count() == CLAIMS // 10
        assert claims.count() == search_results_max() < CLAIMS // 10
        # The matches come from the GIN index and are read only up to the
        # bound: never every document, nor documents read one by one in id
        # order and tested (what PostgreSQL picks for a plain LIMIT).
        found = first_matches_plan(query)
        assert "claim_search_document_gin" in found, found
        assert "Seq Scan on claims_claimsearchdocument" not in found, found
        assert "claims_claimsearchdocument_pkey" not in found, found
        assert f"rows={search_results_max()} loops=1" in found, found
        # The page ranks only those: each claim and its document by id.
        assert "Seq Scan" not in page, page
        assert f"rows={search_results_max()} loops=1" in page, page


def test_a_narrower_search_finds_its_claims_through_the_gin_index():
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index and its query plans are PostgreSQL's")
    data_create(CLAIMS, vacuum=False)

    for query in ("小米汽车量产", "xiaomi car mass production", "华为 一千二百万"):
        found = first_matches_plan(query)

        assert "claim_search_document_gin" in found, found
        assert "Seq Scan on claims_claimsearchdocument" not in found, found
        assert "Seq Scan on claims_claim " not in found, found


def test_a_common_word_lists_its_matches_among_the_newest_claims():
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index and its query plans are PostgreSQL's")
    data_create(CLAIMS, vacuum=False)
    newest = selectors.claim_list_public().order_by("-pk").values_list("pk", flat=True)
    top = newest[0] // SEARCH_BLOCK_CLAIMS
    first_newest = (top - SEARCH_NEWEST_BLOCKS + 1) * SEARCH_BLOCK_CLAIMS
    assert newest.filter(pk__lt=first_newest).exists()  # older claims too

    for query in ("量产", "deliveries"):
        listed = list(reader_search(query).values_list("pk", flat=True))

        # A full list of matches, all of them among the newest claims: the
        # index read the matches of the newest blocks, not the word's every
        # match (a tenth of the claims).
        assert len(listed) == search_results_max()
        assert min(listed) >= first_newest
        sql, params = search_backend().first_matches_sql(
            selectors.claim_list_public(),
            query_terms(query),
            search_results_max(),
            blocks=(0, SEARCH_NEWEST_BLOCKS),
        )
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN ANALYZE {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        index_rows = re.search(
            r"Bitmap Index Scan on claim_search_document_gin .*rows=(\d+) loops", plan
        )
        assert index_rows, plan
        assert int(index_rows[1]) < CLAIMS // 10, plan


def test_a_word_the_newest_claims_hold_too_few_times_is_found_in_every_claim():
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index and its query plans are PostgreSQL's")
    data_create(CLAIMS, vacuum=False)
    claims = selectors.claim_list_public()
    oldest = claims.order_by("pk").first()
    top = claims.order_by("-pk")[0].pk // SEARCH_BLOCK_CLAIMS
    assert oldest.pk < (top - SEARCH_NEWEST_BLOCKS + 1) * SEARCH_BLOCK_CLAIMS

    # The bench's claims' documents each end in their own number.
    listed = reader_search(str(oldest.position))

    assert oldest in listed


def test_a_common_word_within_one_speakers_claims_is_matched_among_them():
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index and its query plans are PostgreSQL's")
    data_create(CLAIMS, vacuum=False)
    speaker = Speaker.objects.create(slug="rare-speaker", name="少见", name_en="Rare")
    oldest = list(
        selectors.claim_list_public().order_by("pk").values_list("pk", flat=True)[:40]
    )
    Claim.objects.filter(pk__in=oldest).update(speaker=speaker)
    claims = selectors.claim_list_public().filter(speaker=speaker)
    expected = {
        pk
        for pk in oldest
        if pk in set(reader_search_matches("量产").values_list("pk", flat=True))
    }
    assert expected  # a tenth of them

    listed = ClaimListFilter(
        {"q": "量产", "speaker": speaker.slug}, queryset=selectors.claim_list_public()
    ).qs

    # Every one of the speaker's matches, none older than the newest blocks
    # missed; found among the speaker's 40 claims by id, not by probing the
    # word's 2,000 matches one by one.
    assert set(listed.values_list("pk", flat=True)) == expected
    backend = search_backend()
    sql, params = backend._among_sql(oldest, query_terms("量产"), search_results_max())
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "claims_claimsearchdocument_pkey" in plan, plan
    assert claims.count() == len(oldest)


def test_a_common_word_in_a_third_of_the_claims_is_found_in_the_next_blocks():
    """A filter that keeps a third of the claims leaves the newest blocks
    short of a full list: the search reads as many blocks more as the
    matches found there predict, never the word's every match."""
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index and its query plans are PostgreSQL's")
    data_create(CLAIMS, vacuum=False)
    ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    Claim.objects.filter(pk__in=ids[::3]).update(kind=ClaimKind.PROMISE)
    public = selectors.claim_list_public()
    expected = set(
        reader_search_matches("量产")
        .filter(kind=ClaimKind.PROMISE)
        .values_list("pk", flat=True)
    )
    assert len(expected) > search_results_max()

    with CaptureQueriesContext(connection) as queries:
        listed = list(
            ClaimListFilter(
                {"q": "量产", "kind": "promise"}, queryset=public
            ).qs.values_list("pk", flat=True)
        )

    assert len(listed) == search_results_max()
    assert set(listed) <= expected
    asked = [query["sql"] for query in queries if "to_tsquery" in query["sql"]]
    # The newest blocks, the next ones, and the page's rank: no query for
    # the word's every match.
    assert sum("newest.top" in sql for sql in asked) == 2, asked
    assert all("newest.top" in sql or "ts_rank" in sql for sql in asked), asked
