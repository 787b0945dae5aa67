"""On the seed data, what readers type finds the claims they mean, first.

Runs on SQLite and on PostgreSQL (the suite's second run, DATABASE_URL=
postgres://...): the same queries, the same expectations, through each
database's own full-text index. The seed is loaded once for the module.
"""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.urls import reverse

from claims import selectors
from claims.services.seeding import SEED_DIR, seed_load

pytestmark = pytest.mark.django_db

SLUGS = {
    row["key"]: row["slug"]
    for row in json.loads((SEED_DIR / "claims.json").read_text())
}

# The claims whose own text is about Xiaomi's car (C02 and C41 speak of
# "造车", building cars; C09 of the car nobody at the plant had seen).
XIAOMI_CAR = {"C02", "C07", "C08", "C09", "C38", "C40", "C41"}
MASS_PRODUCTION = {"C07", "C40"}  # 小米汽车 ... 2024年(上半年) 实现量产

# (query, the claims a reader means, how many of them must come first)
EXPECTED = [
    # Xiaomi's car: 小米汽车 in the claim text (C07, C08, C09, C38, C40).
    ("小米 汽车", {"C07", "C08", "C09", "C38", "C40"}, 1),
    # No spaces: 小米 + 汽车 + 量产, the two mass-production promises.
    ("小米汽车量产", MASS_PRODUCTION, 2),
    # Lei Jun on building cars: the three claims whose text has both.
    ("雷军 造车", {"C02", "C38", "C41"}, 3),
    ("xiaomi car", XIAOMI_CAR, 1),
    # Traditional characters find the Simplified text.
    ("量產", MASS_PRODUCTION, 2),
    # SU7 is named only in the analysis, explanation and evidence of the
    # mass-production promises (and of C41 and C08).
    ("SU7", MASS_PRODUCTION, 2),
    # Chinese numerals find the digits: 小米AI团队超过1200人.
    ("一千二百", {"C25"}, 1),
    ("1200人", {"C25"}, 1),
    # The benchmark's three claims.
    ("C-Eval", {"C15", "C16", "C18"}, 3),
    ("mass production", MASS_PRODUCTION, 2),
]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed's 43 published claims, loaded once and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_load()
        yield
        transaction.set_rollback(True)


def found(query: str) -> list[str]:
    claims = selectors.claim_search(
        queryset=selectors.claim_list_public(), query=query
    ).order_by("-search_rank", "pk")
    keys = {slug: key for key, slug in SLUGS.items()}
    return [keys[slug] for slug in claims.values_list("slug", flat=True)]


@pytest.mark.parametrize(("query", "meant", "first"), EXPECTED)
def test_the_claims_a_reader_means_come_first(seeded, query, meant, first):
    results = found(query)

    assert len(results) >= first, f"{query!r} found {results}"
    assert set(results[:first]) <= meant, f"{query!r} found {results}"
    if first == len(meant):
        assert set(results[:first]) == meant


@pytest.mark.parametrize(("query", "meant", "first"), EXPECTED)
def test_the_first_result_shows_where_the_words_matched(seeded, query, meant, first):
    first_claim = selectors.claim_list_public().get(slug=SLUGS[found(query)[0]])

    passages = selectors.claim_highlights(ids=[first_claim.pk], query=query)

    assert passages[first_claim.pk], f"no passage for {query!r}"
    assert all("<mark>" in passage.html for passage in passages[first_claim.pk])


def test_su7_is_marked_in_the_analysis_or_evidence(seeded):
    claim = selectors.claim_list_public().get(slug=SLUGS["C40"])

    [*passages] = selectors.claim_highlights(ids=[claim.pk], query="su7")[claim.pk]

    assert {passage.field for passage in passages} <= {
        "rating_explanation",
        "rating_explanation_en",
        "analysis",
        "evidence.title",
        "evidence.note",
    }
    assert "<mark>SU7</mark>" in passages[0].html


def test_the_reader_list_puts_the_best_match_first_and_marks_it(seeded, client):
    response = client.get(reverse("claims:list"), {"q": "小米汽车量产"})

    page = response.content.decode()
    rows = page.split('class="claim-row"')[1:]
    assert len(rows) == 3  # the two promises, then C41 (小米造车 ... 量产 in evidence)
    assert any(SLUGS[key] in rows[0] for key in MASS_PRODUCTION)
    assert "<mark>量产</mark>" in rows[0]
