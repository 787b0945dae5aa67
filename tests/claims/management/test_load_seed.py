"""The seed data: two articles and 43 published claims, loaded idempotently."""

import pytest
from django.core.management import call_command

from claims.models import Article, Claim, Evidence, Speaker, Topic

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "claims": list(Claim.objects.order_by("pk").values()),
        "claim_history": Claim.history.count(),
        "evidence": list(Evidence.objects.order_by("pk").values()),
        "evidence_history": Evidence.history.count(),
        "articles": list(Article.objects.order_by("pk").values()),
        "speakers": list(Speaker.objects.order_by("pk").values()),
        "topics": list(Topic.objects.order_by("pk").values()),
        "claim_topics": list(
            Claim.topics.through.objects.order_by("pk").values_list(
                "claim_id", "topic_id"
            )
        ),
    }


def test_load_seed_brings_in_two_articles_and_43_published_claims(capsys):
    call_command("load_seed")
    assert "claims: 43 created" in capsys.readouterr().out
    assert Article.objects.count() == 2
    assert Claim.objects.published().count() == 43
    # Every claim carries what an editor looks for first.
    for claim in Claim.objects.select_related("rating", "speaker"):
        assert claim.speaker and claim.rating and claim.rating_explanation_en
        assert claim.rating.applies_to_kind(claim.kind)
    car = Claim.objects.get(slug="xiaomi-car-mass-production-h1-2024")
    assert (car.due_start.isoformat(), car.due_end.isoformat()) == (
        "2024-01-01",
        "2024-06-30",
    )
    assert car.due_precision == "half"
    assert car.due_text == "2024年上半年"
    assert car.evidence.count() >= 1


def test_load_seed_twice_leaves_the_same_rows(capsys):
    call_command("load_seed")
    first = snapshot()
    call_command("load_seed")
    assert "claims: 0 created, 0 updated" in capsys.readouterr().out
    assert snapshot() == first


def test_load_seed_repairs_an_edited_row_without_duplicating_it():
    call_command("load_seed")
    claim = Claim.objects.get(slug="xiaomi-car-mass-production-h1-2024")
    original = claim.text
    claim.text = "edited by hand"
    claim.save()
    call_command("load_seed")
    claim.refresh_from_db()
    assert claim.text == original
    assert Claim.objects.count() == 43
