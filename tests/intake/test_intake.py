"""Importing an article: candidates stored, accepted as drafts, repeats found."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from claims.models import (
    Appearance,
    Article,
    Claim,
    ClaimKind,
    EditorialState,
    Speaker,
)
from intake import services
from intake.models import ArticleIntake, Candidate, CandidateStatus
from intake.repeats import similarity
from tests.factories import ClaimFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
ARTICLE_001 = (DATA / "article_001.txt").read_text("utf-8")
APR_20 = date(2023, 4, 20)
SHORT = (
    "小米发布年度财报。\n"
    "雷军表示,小米汽车计划在2024年上半年实现量产。\n"
    "Counterpoint的数据显示,2023年第二季度全球智能手机销量同比下降8%,环比下降5%。\n"
    "此外,在小米内部,小米AI团队超过1200人。\n"
    "分享到朋友圈\n收藏\n评分\n推荐内容\n"
)


def import_short(**kwargs) -> ArticleIntake:
    intake, created = services.intake_create(
        text=SHORT, written_on=date(2023, 8, 17), title="小米年度报告", **kwargs
    )
    assert created
    return intake


def candidate_with(intake: ArticleIntake, words: str) -> Candidate:
    return intake.candidates.get(sentence__contains=words)


def test_pasted_article_is_stored_with_its_candidates_best_first():
    intake = import_short()
    sentences = list(intake.candidates.values_list("sentence", flat=True))
    assert sentences[0].startswith("Counterpoint")
    assert not any("分享" in sentence for sentence in sentences)
    assert intake.article.title == "小米年度报告"
    assert intake.language == "zh-hans"
    promise = candidate_with(intake, "量产")
    assert (
        promise.kind,
        promise.due_start,
        promise.due_end,
        promise.due_precision,
    ) == (
        ClaimKind.PROMISE,
        date(2024, 1, 1),
        date(2024, 6, 30),
        "half",
    )
    assert any(span["label"] == "date" for span in promise.spans)


@pytest.mark.usefixtures("english")
def test_accepting_a_candidate_makes_a_draft_claim_with_its_deadline():
    lei_jun = SpeakerFactory(name="雷军", name_en="Lei Jun", slug="lei-jun")
    intake = import_short()
    claim = services.candidate_accept(candidate=candidate_with(intake, "量产"))
    assert claim.state == EditorialState.DRAFT and claim.rating is None
    assert claim.speaker == lei_jun
    assert claim.article == intake.article
    assert claim.quote == "雷军表示,小米汽车计划在2024年上半年实现量产。"
    assert (claim.kind, claim.due_end, claim.due_text) == (
        ClaimKind.PROMISE,
        date(2024, 6, 30),
        "2024年上半年",
    )
    candidate = Candidate.objects.get(claim=claim)
    assert candidate.status == CandidateStatus.ACCEPTED
    with pytest.raises(ValidationError, match="already handled"):
        services.candidate_accept(candidate=candidate)


def test_a_draft_without_a_recognised_speaker_gets_the_placeholder_speaker():
    intake = import_short()
    claim = services.candidate_accept(candidate=candidate_with(intake, "1200人"))
    assert claim.speaker.slug == Speaker.PLACEHOLDER_SLUG
    assert claim.speaker.name_en == "Speaker to be confirmed"
    assert claim.kind == ClaimKind.STATISTIC and claim.due_end is None


def test_importing_the_same_article_twice_suggests_nothing_new_and_offers_the_claims():
    first = import_short()
    accepted = services.candidate_accept(candidate=candidate_with(first, "1200人"))
    again, created = services.intake_create(
        text=SHORT + "\n\n", written_on=date(2023, 8, 17)
    )
    assert not created and again == first
    assert Candidate.objects.count() == first.candidates.count()
    assert ArticleIntake.objects.count() == 1 and Article.objects.count() == 1
    # The same sentences under another title: a second article, whose
    # candidates offer the claims already tracked instead of new ones.
    elsewhere, created = services.intake_create(
        text=SHORT.replace("小米发布年度财报。", "转载:小米发布年度财报。"),
        written_on=date(2023, 8, 18),
        title="转载",
    )
    assert created
    repeat = candidate_with(elsewhere, "1200人")
    assert repeat.similar_claim == accepted and repeat.similarity >= 0.9
    appearance = services.candidate_record_appearance(candidate=repeat)
    assert appearance.claim == accepted and appearance.article == elsewhere.article
    assert Claim.objects.count() == 1


def test_seed_claims_are_offered_when_their_article_is_imported():
    call_command("load_seed", stdout=StringIO())
    seed_article = Article.objects.get(slug="lei-jun-xiaomi-llm-biggest-asset")
    intake, _ = services.intake_create(
        text=ARTICLE_001, written_on=APR_20, article=seed_article
    )
    offered = intake.candidates.filter(similar_claim__article=seed_article)
    assert offered.count() >= 15
    team = candidate_with(intake, "小米AI团队超过1200人")
    assert team.similar_claim.slug == "xiaomi-ai-team-over-1200-people"
    # Recording it changes nothing: the claim is already from this article.
    assert services.candidate_record_appearance(candidate=team) is None
    assert not Appearance.objects.exists()


def test_a_reworded_claim_with_the_same_numbers_is_matched():
    claim = ClaimFactory(text="小米AI团队超过1200人", quote="小米AI团队超过1200人")
    intake, _ = services.intake_create(
        text="据报道,超过1200人的AI团队已经在小米内部组建完成,团队规模继续扩大。",
        written_on=date(2023, 9, 1),
        title="小米AI团队",
    )
    assert intake.candidates.get().similar_claim == claim
    other = ClaimFactory(
        text="Xiaomi's AI team has more than 1,200 people.", quote="", text_en=""
    )
    assert (
        similarity("More than 1,200 people work in Xiaomi's AI team.", other.text)
        >= 0.55
    )
    # The same words with other numbers are a different claim.
    assert similarity("小米AI团队超过3000人", "小米AI团队超过1200人") < 0.55


@pytest.mark.usefixtures("english")
def test_too_short_text_is_refused_with_a_message():
    with pytest.raises(ValidationError, match="too short"):
        services.intake_create(text="短", written_on=APR_20)


# --- admin ----------------------------------------------------------------------


def test_editor_adds_an_article_in_the_admin_and_accepts_a_candidate(client, editor):
    client.force_login(editor)
    add_url = reverse("admin:intake_articleintake_add")
    assert client.get(add_url).status_code == 200
    response = client.post(
        add_url,
        {"text": SHORT, "title": "小米年度报告", "written_on": "2023-08-17"},
    )
    intake = ArticleIntake.objects.get()
    change_url = reverse("admin:intake_articleintake_change", args=[intake.pk])
    assert response.status_code == 302 and response["Location"] == change_url
    page = client.get(change_url).content.decode()
    assert '<mark class="intake-span intake-percent"' in page
    assert "2024-01-01 – 2024-06-30" in page
    promise = candidate_with(intake, "量产")
    action = reverse("admin:intake_candidate_action", args=[promise.pk, "accept"])
    assert client.get(action).status_code == 405
    response = client.post(action)
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.due_end == date(2024, 6, 30) and claim.state == EditorialState.DRAFT
    assert claim.slug in client.get(change_url).content.decode()


def test_admin_add_without_text_or_url_says_what_is_missing(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:intake_articleintake_add"), {"written_on": "2023-08-17"}
    )
    assert response.status_code == 200
    assert "请提供文章网址或粘贴正文。" in response.content.decode()


def test_a_user_without_add_claim_cannot_accept(client):
    intake = import_short()
    outsider = UserFactory(username="staff-without-groups")
    client.force_login(outsider)
    candidate = candidate_with(intake, "量产")
    url = reverse("admin:intake_candidate_action", args=[candidate.pk, "accept"])
    assert client.post(url).status_code == 403
    assert not Claim.objects.exists()


# --- API and command ---------------------------------------------------------------


def test_api_returns_candidates_for_an_editor(api_client, editor):
    ClaimFactory(text="小米AI团队超过1200人")
    api_client.force_login(editor)
    response = api_client.post(
        reverse("intake:api-suggest"),
        {"text": SHORT, "date": "2023-08-17"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "zh-hans"
    promise = next(c for c in body["candidates"] if "量产" in c["sentence"])
    assert promise["kind"] == "promise"
    assert promise["deadline"] == {
        "due_start": "2024-01-01",
        "due_end": "2024-06-30",
        "precision": "half",
        "text": "2024年上半年",
    }
    team = next(c for c in body["candidates"] if "1200" in c["sentence"])
    assert team["similar_claim"]["text"] == "小米AI团队超过1200人"
    assert not ArticleIntake.objects.exists()


def test_api_refuses_anonymous_and_non_editors_and_empty_text(api_client):
    url = reverse("intake:api-suggest")
    assert api_client.post(url, {"text": SHORT}, format="json").status_code in (
        401,
        403,
    )
    api_client.force_login(UserFactory(username="plain-staff"))
    assert api_client.post(url, {"text": SHORT}, format="json").status_code == 403


def test_api_explains_a_missing_text(api_client, editor):
    api_client.force_login(editor)
    response = api_client.post(
        reverse("intake:api-suggest"),
        {"date": "2023-08-17"},
        format="json",
    )
    assert response.status_code == 400
    assert "text" in json.dumps(response.json())


def test_suggest_claims_command_prints_json(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(SHORT, encoding="utf-8")
    out = StringIO()
    call_command(
        "suggest_claims", str(path), "--date", "2023-08-17", "--json", stdout=out
    )
    rows = json.loads(out.getvalue())
    promise = next(row for row in rows if "量产" in row["sentence"])
    assert promise["deadline"]["due_end"] == "2024-06-30"
    out = StringIO()
    call_command("suggest_claims", str(path), "--date", "2023-08-17", stdout=out)
    assert "due 2024-01-01..2024-06-30 (half, 2024年上半年)" in out.getvalue()
