"""The list orders are read from indexes, not sorted from every claim.

The planner may prefer a sort on a small test table, so sorting and
sequential scans are switched off for the query: with a usable index the plan
has no Sort node and names the index; without one it would still sort.
PostgreSQL only (the production database): SQLite's planner has no such
switches and picks by its own table statistics.
"""

from __future__ import annotations

import pytest
from django.db import connection

from claims import selectors
from reader.filters import ClaimListFilter
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def plan_of(queryset) -> str:
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@pytest.fixture(autouse=True)
def claims():
    ClaimFactory.create_batch(5, published=True)


def test_the_api_list_order_is_read_from_an_index():
    queryset = selectors.claim_list_light(
        selectors.claim_list_public(), "updated_at"
    ).order_by("-updated_at", "-pk")[:51]
    plan = plan_of(queryset)
    assert "claim_recently_changed" in plan
    assert "Sort" not in plan


def test_the_reader_list_order_is_read_from_an_index():
    queryset = selectors.claim_list_light(
        ClaimListFilter(None, queryset=selectors.claim_list_public()).qs
    )[:50]
    plan = plan_of(queryset)
    # The public claims' own index of that order (migration 0024) answers
    # from the index alone; the general one (0008) does as well.
    assert "claim_public_recent" in plan or "claim_recently_rated" in plan, plan
    assert "Sort" not in plan
