"""The seed data: two articles and 43 published claims, loaded idempotently."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

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


def test_seed_claims_are_dated_by_the_research_not_by_the_load(client):
    """C07: the verdict rests on sources up to January 2025, so it is rated
    and reviewed then, and its public timeline starts then."""
    call_command("load_seed", stdout=None)
    claim = Claim.objects.get(slug="xiaomi-car-mass-production-2024")
    local = {
        name: timezone.localtime(getattr(claim, name)).date().isoformat()
        for name in ("rated_at", "last_reviewed_at", "published_at")
    }
    assert local == {
        "rated_at": "2025-01-31",
        "last_reviewed_at": "2025-01-31",
        "published_at": "2025-01-31",
    }
    text = client.get(f"/en/claims/{claim.slug}/").content.decode()
    assert 'Rated <time datetime="2025-01-31T12:00:00+08:00">' in text
    timeline = text.split("Rating and deadline history")[1]
    assert '<time datetime="2025-01-31T12:00:00+08:00">' in timeline
    assert str(timezone.localdate().year) not in timeline.split("</ol>")[0]
    # No claim is dated after the load or before the article it comes from.
    for seeded in Claim.objects.select_related("article"):
        assert seeded.article.published_on <= seeded.rated_at.date()
        assert seeded.rated_at <= timezone.now()


def test_seed_texts_come_in_chinese_and_english():
    call_command("load_seed", stdout=None)
    han = re.compile("[\u3400-\u9fff]")
    for claim in Claim.objects.prefetch_related("evidence"):
        # The research's English analysis and its Chinese translation.
        assert claim.analysis_en and han.search(claim.analysis), claim.slug
        if claim.attribution_note:
            assert claim.attribution_note_en, claim.slug
        for item in claim.evidence.all():
            # A Chinese source has an English title; every source has a
            # publisher name without Chinese characters for English readers.
            assert item.language in ("zh-hans", "en")
            assert bool(item.title_en) == (item.language == "zh-hans"), item.title
            assert not han.search(item.publisher_en or item.publisher), item.pk
            assert bool(item.note) == bool(item.note_en), item.pk
    article = Article.objects.get(slug="xiaomi-turning-point-lightweight-llm")
    assert article.title_en.startswith("Xiaomi's “turning point”")
