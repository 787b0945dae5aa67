"""The claim page: what a reader looks for, in both languages."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from claims.models import ClaimKind, DuePrecision, EditorialState, Rating
from tests.factories import ClaimFactory, EvidenceFactory, FlagFactory
from tests.helpers.claims import rerate
from tests.helpers.pages import json_ld, text_of, url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def car_claim(db):
    """A published prediction whose H1 2024 deadline has passed, with evidence."""
    claim = ClaimFactory(
        published=True,
        slug="xiaomi-car-mass-production-h1-2024",
        text="小米汽车将于2024年上半年量产。",
        text_en="Xiaomi's car will reach mass production in H1 2024.",
        quote="小米汽车预计2024年上半年正式量产",
        kind=ClaimKind.PREDICTION,
        due_start=date(2024, 1, 1),
        due_end=date(2024, 6, 30),
        due_precision=DuePrecision.HALF,
        due_text="2024年上半年",
        rating_explanation="小米SU7于2024年3月开始量产交付。",
        rating_explanation_en="The SU7 went into mass production in March 2024.",
        analysis="Deliveries began in **March 2024**.",
        published_at=timezone.now(),
        rated_at=timezone.now(),
        last_reviewed_at=timezone.now(),
    )
    EvidenceFactory(
        claim=claim,
        title="小米SU7正式发布",
        health="ok",
        last_checked_at=timezone.now() - timedelta(days=1),
    )
    EvidenceFactory(claim=claim, title="已删除的报道", health="dead")
    return claim


def detail(client, claim, language):
    response = client.get(url_in(language, "claims:detail", slug=claim.slug))
    assert response.status_code == 200
    return response


def test_claim_page_in_chinese_shows_claim_rating_deadline_and_evidence(
    client, car_claim
):
    text = text_of(detail(client, car_claim, "zh-hans"))
    assert "小米汽车将于2024年上半年量产。" in text
    assert "Xiaomi's car will reach mass production in H1 2024." in text
    assert "小米汽车预计2024年上半年正式量产" in text  # the verbatim quote
    assert "进行中" in text  # rating label from the rating row, in Chinese
    assert "小米SU7于2024年3月开始量产交付。" in text  # Chinese explanation
    assert "2024年上半年" in text and "已过期" in text
    assert "正常" in text and "已失效" in text  # link health
    assert "最近检查" in text
    assert "发言人" in text and car_claim.speaker.name in text
    assert car_claim.article.title in text


def test_claim_page_in_english_uses_english_labels_explanation_and_dates(
    client, car_claim
):
    response = detail(client, car_claim, "en")
    text = text_of(response)
    assert "In progress" in text
    assert "The SU7 went into mass production in March 2024." in text
    assert "H1 2024" in text and "passed" in text
    assert "Link: working" in text and "Link: dead" in text
    assert "last checked" in text
    assert (
        "Deliveries began in <strong>March 2024</strong>." in response.content.decode()
    )
    assert "June 30, 2024" in text  # the deadline window, English date format


def test_upcoming_deadline_says_how_many_days_are_left(client):
    today = timezone.localdate()
    claim = ClaimFactory(
        published=True,
        kind=ClaimKind.PROMISE,
        due_start=today,
        due_end=today + timedelta(days=10),
        due_precision=DuePrecision.DAY,
    )
    assert "10 days left" in text_of(detail(client, claim, "en"))
    assert "还剩 10 天" in text_of(detail(client, claim, "zh-hans"))


@pytest.mark.parametrize(
    ("precision", "end", "english", "chinese"),
    [
        (DuePrecision.YEAR, date(2024, 12, 31), "by end of 2024", "2024年底前"),
        (DuePrecision.HALF, date(2024, 12, 31), "H2 2024", "2024年下半年"),
        (DuePrecision.QUARTER, date(2025, 6, 30), "Q2 2025", "2025年第二季度"),
        (
            DuePrecision.MONTH,
            date(2025, 4, 30),
            "by end of April 2025",
            "2025年4月底前",
        ),
        (DuePrecision.DAY, date(2025, 3, 1), "by 1 March 2025", "2025年3月1日前"),
    ],
)
def test_deadline_is_put_in_words_for_each_precision(
    client, precision, end, english, chinese
):
    claim = ClaimFactory(
        published=True,
        kind=ClaimKind.PREDICTION,
        due_start=date(2024, 1, 1),
        due_end=end,
        due_precision=precision,
    )
    assert english in text_of(detail(client, claim, "en"))
    assert chinese in text_of(detail(client, claim, "zh-hans"))


def test_timeline_shows_a_re_rating_with_its_public_reason(client, car_claim):
    rerate(
        car_claim,
        Rating.objects.get(slug="kept"),
        kind="update",
        reason="SU7 deliveries started on 3 April 2024.",
    )

    english = text_of(detail(client, car_claim, "en"))
    assert "Re-rated Kept (was In progress)" in english
    assert "SU7 deliveries started on 3 April 2024." in english
    chinese = text_of(detail(client, car_claim, "zh-hans"))
    assert "重新评级为 已兑现 (原为 进行中)" in chinese


def test_open_flag_shows_under_review_since(client, car_claim):
    FlagFactory(claim=car_claim, raised_at=timezone.now() - timedelta(days=3))
    assert "Under review since" in text_of(detail(client, car_claim, "en"))
    assert "起复核中" in text_of(detail(client, car_claim, "zh-hans"))


def test_resolved_flag_does_not_show_under_review(client, car_claim):
    FlagFactory(
        claim=car_claim,
        resolved_at=timezone.now(),
        resolution="reviewed",
    )
    assert "Under review" not in text_of(detail(client, car_claim, "en"))


def test_last_reviewed_date_is_shown(client, car_claim):
    car_claim.last_reviewed_at = timezone.make_aware(
        timezone.datetime(2025, 2, 3, 12, 0)
    )
    car_claim.save()
    assert "Last reviewed Feb. 3, 2025" in text_of(detail(client, car_claim, "en"))
    assert "最近审核 2025年2月3日" in text_of(detail(client, car_claim, "zh-hans"))


def test_retracted_claim_keeps_its_page_with_notice_and_reason(client, car_claim):
    car_claim.state = EditorialState.RETRACTED
    car_claim.retracted_at = timezone.now()
    car_claim.retraction_reason = "The quote came from a different speech."
    car_claim.save()

    response = detail(client, car_claim, "en")
    text = text_of(response)
    assert "This fact check was retracted" in text
    assert "The quote came from a different speech." in text
    assert "Retracted" in text  # and on the timeline
    # A withdrawn verdict is not offered to search engines as a fact check.
    assert b"application/ld+json" not in response.content
    assert "本核查已撤回" in text_of(detail(client, car_claim, "zh-hans"))


def test_analysis_markdown_is_rendered_without_raw_html_and_links_get_rel(client):
    claim = ClaimFactory(
        published=True,
        analysis=(
            "See [the report](https://example.org/r) and *this*.\n\n"
            "<script>alert(1)</script>\n\n[bad](javascript:alert(1))"
        ),
    )
    EvidenceFactory(claim=claim, note="<img src=x onerror=alert(1)> **noted**")
    html = detail(client, claim, "en").content.decode()
    assert (
        '<a href="https://example.org/r" rel="noopener noreferrer nofollow">'
        "the report</a>" in html
    )
    assert "<em>this</em>" in html and "<strong>noted</strong>" in html
    assert "<script>alert" not in html and "onerror" not in html.replace(
        "&lt;img src=x onerror", ""
    )
    assert 'href="javascript:' not in html


def test_claim_review_json_ld_is_escaped_inside_its_script_element(client):
    claim = ClaimFactory(
        published=True, text="</script><script>alert(1)</script> & <b>", text_en=""
    )
    blocks = json_ld(detail(client, claim, "en"))
    assert len(blocks) == 1
    assert "<" not in blocks[0] and ">" not in blocks[0] and "&" not in blocks[0]
    assert json.loads(blocks[0])["claimReviewed"] == claim.text
