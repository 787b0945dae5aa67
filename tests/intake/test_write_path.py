"""Accepting a candidate writes the draft claim through the claim services:
attributed to the editor who decided, a draft whatever the request says."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from claims.models import Appearance, Claim, EditorialState
from intake import services
from intake.models import ArticleIntake, Candidate, CandidateStatus
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "小米发布年度财报。\n"
    "雷军表示,小米汽车计划在2024年上半年实现量产。\n"
    "Counterpoint的数据显示,2023年第二季度全球智能手机销量同比下降8%,环比下降5%。\n"
)


@pytest.fixture(autouse=True)
def clean_page_cache():
    cache.clear()
    yield
    cache.clear()


def imported() -> ArticleIntake:
    intake, _created = services.intake_create(
        text=TEXT, written_on=date(2023, 8, 17), title="小米年度报告"
    )
    return intake


def promise(intake: ArticleIntake) -> Candidate:
    return intake.candidates.get(sentence__contains="量产")


def accept(client: Client, candidate: Candidate, data: dict | None = None):
    url = reverse("admin:intake_candidate_action", args=[candidate.pk, "accept"])
    return client.post(url, data or {})


def test_accepting_makes_a_draft_in_the_deciding_editors_name(client, editor):
    candidate = promise(imported())
    client.force_login(editor)

    response = accept(
        client,
        candidate,
        {"state": "published", "published_at": "2024-01-01", "rated_at": "2024-01-01"},
    )

    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.state, claim.published_at, claim.rated_at) == (
        EditorialState.DRAFT,
        None,
        None,
    )
    row = claim.history.get()
    assert (row.history_user, row.history_change_reason) == (
        editor,
        "Created by intake",
    )
    with translation.override("en"):
        assert Client().get(claim.get_absolute_url()).status_code == 404
    candidate.refresh_from_db()
    assert (candidate.status, candidate.decided_by) == (
        CandidateStatus.ACCEPTED,
        editor,
    )


def test_a_slug_already_taken_gets_the_next_number(editor):
    intake = imported()
    candidate = promise(intake)
    taken = services.claim_slug(candidate)
    assert taken == "lei-jun-biao-shi-xiao-mi-qi-che-ji-hua-zai-2024-nian-shang"
    ClaimFactory(slug=taken)

    claim = services.candidate_accept(candidate=candidate, user=editor)

    assert claim.slug == f"{taken}-2"
    assert claim.text == candidate.sentence


def test_a_repeat_is_recorded_as_a_further_appearance(editor):
    tracked = ClaimFactory(text="雷军表示,小米汽车计划在2024年上半年实现量产。")
    intake = imported()
    candidate = promise(intake)
    assert candidate.similar_claim == tracked

    appearance = services.candidate_record_appearance(candidate=candidate, user=editor)

    assert list(Appearance.objects.all()) == [appearance]
    assert (appearance.claim, appearance.article) == (tracked, intake.article)
    assert appearance.quote == candidate.sentence
