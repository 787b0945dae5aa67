"""claims.labels: which text a reader of each language sees, and its language."""

import pytest
from django.utils import translation

from claims.jsonld import claim_review
from claims.labels import (
    LocalText,
    as_written,
    health_label,
    in_language,
    kind_label,
    language_code,
    stance_label,
)
from claims.models import Claim, ClaimKind, LinkHealth, Rating, Speaker, Stance
from tests.factories import ClaimFactory


def chinese_claim(**fields) -> Claim:
    values = {
        "text": "小米AI团队超过1200人。",
        "text_en": "Xiaomi's AI team has over 1,200 people.",
        "language": "zh-hans",
        "rating_explanation": "接近公开数据。",
        "rating_explanation_en": "Close to the published figures.",
    }
    return Claim(**(values | fields))


def test_each_reader_gets_the_claim_in_their_language_with_that_language():
    claim = chinese_claim()
    assert in_language(claim, "text", "en") == LocalText(claim.text_en, "en")
    assert in_language(claim, "text", "zh-hans") == LocalText(claim.text, "zh-hans")


def test_a_claim_without_english_rendering_reaches_english_readers_as_made():
    claim = chinese_claim()
    claim.text_en = ""
    assert in_language(claim, "text", "en") == LocalText(claim.text, "zh-hans")


def test_an_english_claim_is_english_for_every_reader():
    claim = Claim(text="Sales doubled.", text_en="", language="en")
    assert in_language(claim, "text", "zh-hans") == LocalText("Sales doubled.", "en")
    assert in_language(claim, "text", "en") == LocalText("Sales doubled.", "en")


def test_an_english_claim_keeps_its_words_over_a_rendering():
    claim = Claim(text="Sales doubled.", text_en="Sales grew 100%.", language="en")
    assert in_language(claim, "text", "en").text == "Sales doubled."


def test_the_rating_explanation_is_chinese_whatever_the_claim_language():
    claim = chinese_claim(language="en")
    assert in_language(claim, "rating_explanation", "zh-hans") == LocalText(
        "接近公开数据。", "zh-hans"
    )
    assert in_language(claim, "rating_explanation", "en") == LocalText(
        "Close to the published figures.", "en"
    )
    claim.rating_explanation_en = ""
    assert in_language(claim, "rating_explanation", "en").language == "zh-hans"


def test_names_fall_back_to_chinese_when_there_is_no_english_name():
    assert in_language(Speaker(name="雷军", name_en="Lei Jun"), "name", "en") == (
        LocalText("Lei Jun", "en")
    )
    assert in_language(Speaker(name="小满", name_en=""), "name", "en") == (
        LocalText("小满", "zh-hans")
    )


def test_rating_labels_come_from_the_label_of_each_language():
    rating = Rating(label_en="Mostly true", label_zh="基本属实")
    assert in_language(rating, "label", "en") == LocalText("Mostly true", "en")
    assert in_language(rating, "label", "zh") == LocalText("基本属实", "zh-hans")
    with translation.override("zh-hans"):
        assert rating.label == "基本属实"
    with translation.override("en"):
        assert rating.label == "Mostly true"


def test_no_language_given_means_the_active_one():
    claim = chinese_claim()
    with translation.override("en"):
        assert in_language(claim, "text") == LocalText(claim.text_en, "en")
    with translation.override("zh-hans"):
        assert in_language(claim, "text") == LocalText(claim.text, "zh-hans")
    with translation.override(None):
        assert language_code() == "en"


def test_missing_text_is_empty_and_false_in_the_reader_language():
    text = in_language(Speaker(name="雷军", description=""), "description", "en")
    assert text == LocalText("", "en")
    assert not text and str(text) == ""


@pytest.mark.parametrize(
    ("given", "code"),
    [("zh-hans", "zh-hans"), ("zh-Hans", "zh-hans"), ("zh", "zh-hans"), ("en", "en")]
    + [("en-gb", "en"), ("fr", "en")],
)
def test_language_codes_are_the_sites_two(given, code):
    assert language_code(given) == code


def test_reader_labels_follow_the_active_language():
    with translation.override("zh-hans"):
        assert kind_label(ClaimKind.STATISTIC) == "数据"
        assert health_label(LinkHealth.UNCHECKED) == "尚未检查"
        assert stance_label(Stance.SUPPORTS) == "支持"
    with translation.override("en"):
        assert kind_label(ClaimKind.STATISTIC) == "Statistic"
        assert health_label(LinkHealth.DEAD) == "dead"
        assert stance_label(Stance.REFUTES) == "Refutes"
    assert kind_label("unknown") == "unknown"


@pytest.mark.django_db
def test_claimreview_gives_the_claim_in_the_language_it_names():
    claim = ClaimFactory(published=True, rating_explanation_en="Matches the report.")
    english = claim_review(claim, appearances=[], language="en")
    assert (english["claimReviewed"], english["inLanguage"]) == (claim.text_en, "en")
    assert english["reviewRating"]["alternateName"] == claim.rating.label_en
    assert english["reviewRating"]["ratingExplanation"] == "Matches the report."
    chinese = claim_review(claim, appearances=[], language="zh-hans")
    assert (chinese["claimReviewed"], chinese["inLanguage"]) == (claim.text, "zh-hans")
    assert chinese["reviewRating"]["alternateName"] == claim.rating.label_zh


@pytest.mark.django_db
def test_claimreview_without_english_text_is_chinese_on_the_english_page():
    claim = ClaimFactory(published=True, text_en="", rating_explanation_en="")
    review = claim_review(claim, appearances=[], language="en")
    assert (review["claimReviewed"], review["inLanguage"]) == (claim.text, "zh-hans")
    assert review["reviewRating"]["alternateName"] == claim.rating.label_zh
    assert review["reviewRating"]["ratingExplanation"] == claim.rating_explanation


@pytest.mark.django_db
def test_claimreview_leaves_out_an_explanation_in_the_other_language():
    claim = ClaimFactory(published=True, rating_explanation_en="")
    review = claim_review(claim, appearances=[], language="en")
    assert review["inLanguage"] == "en"
    assert "ratingExplanation" not in review["reviewRating"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("雷军年度演讲现场报道", "zh-hans"),
        ("華為鴻蒙不再支持安卓應用", "zh-hans"),
        ("小满 (Xiaoman)", "zh-hans"),
        ("MoneyDJ: 雷軍：小米SU7 量產時程", "zh-hans"),
        ("The fall was 8% in units, not in revenue.", "en"),
        ("The README gives 6.4 billion (64亿) parameters.", "en"),
        ("Coverage carries the same words ('这三年近十年最痛苦').", "en"),
        ("Counterpoint Research", "en"),
        ("", "en"),
    ],
)
def test_free_text_is_in_the_language_its_script_shows(text, language):
    assert as_written(text) == LocalText(text, language)
