"""The seed loader writes claims through the claim services: a seed file
cannot set what an editor cannot."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claims.models import Claim, Evidence, Speaker
from claims.services.seeding import SEED_DIR, SeedError, seed_load

pytestmark = pytest.mark.django_db


def seed_copy(tmp_path: Path, change) -> Path:
    """The project's seed files, with ``change`` applied to the claims."""
    directory = tmp_path / "seed"
    shutil.copytree(SEED_DIR, directory)
    path = directory / "claims.json"
    claims = json.loads(path.read_text("utf-8"))
    change(claims)
    path.write_text(json.dumps(claims, ensure_ascii=False), "utf-8")
    return directory


def test_a_claim_row_naming_its_state_or_dates_is_refused_and_nothing_is_loaded(
    tmp_path,
):
    def backdate(claims):
        claims[1]["published_at"] = "2020-01-01T00:00:00Z"
        claims[1]["state"] = "draft"

    slug = json.loads((SEED_DIR / "claims.json").read_text("utf-8"))[1]["slug"]

    with pytest.raises(SeedError) as refused:
        seed_load(directory=seed_copy(tmp_path, backdate))

    message = str(refused.value)
    assert f"claims.json, claim “{slug}”" in message
    assert "may not set published_at, state" in message
    assert not Claim.objects.exists()
    assert not Speaker.objects.exists()


def test_an_evidence_row_naming_its_link_health_is_refused(tmp_path):
    def mark_healthy(claims):
        claims[0]["evidence"][0]["health"] = "ok"

    with pytest.raises(SeedError, match=r"evidence 1: the seed may not set health"):
        seed_load(directory=seed_copy(tmp_path, mark_healthy))
    assert not Evidence.objects.exists()


def test_the_seed_claims_are_published_in_the_history_as_seed_data():
    seed_load()

    claim = Claim.objects.get(slug="xiaomi-car-mass-production-h1-2024")
    assert claim.is_public and claim.published_at and claim.rated_at
    reasons = list(
        claim.history.order_by("history_id").values_list(
            "state", "history_change_reason", "history_user"
        )
    )
    assert reasons == [
        ("draft", "Loaded from seed data", None),
        ("published", "Loaded from seed data", None),
    ]
