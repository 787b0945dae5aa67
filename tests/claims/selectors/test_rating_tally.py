"""The home page's standing by rating comes from a tally the database keeps
on every write to claims: it always equals a count of the public claims by
rating, whatever wrote them (the services, the ORM in bulk, raw SQL)."""

from __future__ import annotations

import pytest
from django.db import connection

from claims import selectors
from claims.models import Claim, Rating
from tests.factories import ClaimFactory
from tests.helpers.claims import rerate

pytestmark = pytest.mark.django_db


def tally() -> dict[str, int]:
    return {item.rating.slug: item.count for item in selectors.rating_counts_public()}


def counted() -> dict[str, int]:
    claims = selectors.claim_list_public()
    return {
        item.rating.slug: item.count for item in selectors.rating_counts(claims=claims)
    }


def test_the_tally_follows_publication_rerating_retraction_and_deletion():
    true = Rating.objects.get(slug="true")
    half = Rating.objects.get(slug="half-true")
    claims = ClaimFactory.create_batch(3, published=True, rating=true)
    ClaimFactory(state="draft", rating=half)  # drafts are not counted
    assert tally() == counted() == {"true": 3}

    rerate(claims[0], half, kind="correction", reason="新证据。")
    assert tally() == counted() == {"true": 2, "half-true": 1}

    Claim.objects.filter(pk=claims[1].pk).update(state="retracted")
    assert tally() == counted() == {"true": 2, "half-true": 1}  # still public

    Claim.objects.filter(pk=claims[2].pk).update(state="draft")
    claims[0].delete()
    assert tally() == counted() == {"true": 1}


def test_a_bulk_insert_in_sql_is_tallied_once():
    true = Rating.objects.get(slug="true")
    template = ClaimFactory(published=True, rating=true)
    columns = [
        field.column
        for field in Claim._meta.concrete_fields
        if not field.primary_key and field.column != "slug"
    ]
    listed = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO claims_claim (slug, {listed}) "  # noqa: S608 - the model's columns
            f"SELECT slug || '-' || n, {listed} FROM claims_claim, "
            "(SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) copies "
            "WHERE id = %s",
            [template.pk],
        )

    assert tally() == counted() == {"true": 4}


def test_the_home_page_shows_the_tally(client):
    ClaimFactory.create_batch(2, published=True, rating=Rating.objects.get(slug="true"))

    response = client.get("/en/")

    assert "2 claims checked and kept up to date." in response.content.decode()
