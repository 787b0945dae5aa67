"""The spotter on the two seed articles: recall of the seed claims, little noise."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from claims.models import ClaimKind
from intake import services
from intake.spotter import furniture_lines, split_sentences, suggest

DATA = Path(__file__).parent / "data"
SEED = Path(settings.BASE_DIR) / "claims" / "seed"
ARTICLES = {
    article["key"]: article
    for article in json.loads((SEED / "articles.json").read_text("utf-8"))
}
SEED_CLAIMS = json.loads((SEED / "claims.json").read_text("utf-8"))
LABELS = json.loads((DATA / "labels.json").read_text("utf-8"))


def article_text(key: str) -> str:
    return (DATA / f"article_{key}.txt").read_text("utf-8")


def written_on(key: str) -> date:
    return date.fromisoformat(ARTICLES[key]["published_on"])


def label_of(labels: dict[str, str], quote: str) -> str:
    if quote in labels:
        return labels[quote]
    return next(
        (label for sentence, label in labels.items() if quote in sentence),
        "unlabelled",
    )


def _bigrams(text: str) -> set[str]:
    text = "".join(text.split())
    return {text[i : i + 2] for i in range(len(text) - 1)}


def matches_quote(sentence: str, quote: str) -> bool:
    """The sentence contains the quote, or overlaps it strongly.

    Strongly: most (60%) of the quote's character bigrams are in the sentence,
    or the sentence is a part of a longer quote making up 40% of it or more.
    """
    if quote in sentence:
        return True
    core = sentence.rstrip('。！？；;”"')
    if core in quote and len(core) >= 0.4 * len(quote):
        return True
    quote_bigrams = _bigrams(quote)
    return len(quote_bigrams & _bigrams(sentence)) >= 0.6 * len(quote_bigrams)


@pytest.mark.parametrize("key", ["000", "001"])
def test_top_40_suggestions_include_at_least_80_percent_of_the_seed_claims(key):
    top = services.suggestions(article_text(key), written_on=written_on(key))
    assert len(top) <= 40
    seed = [c for c in SEED_CLAIMS if c["article"] == ARTICLES[key]["slug"]]
    found = [c for c in seed if any(matches_quote(s.sentence, c["quote"]) for s in top)]
    recall = len(found) / len(seed)
    missed = [c["key"] for c in seed if c not in found]
    print(f"\narticle {key}: recall {len(found)}/{len(seed)} = {recall:.0%}")
    print(f"missed: {missed}")
    assert recall >= 0.8


@pytest.mark.parametrize("key", ["000", "001"])
def test_fewer_than_half_of_the_suggestions_are_furniture_or_opinion(key):
    labels = LABELS[key]
    top = services.suggestions(article_text(key), written_on=written_on(key))
    # A suggestion nobody has labelled yet counts against the spotter; a
    # clause has the label of the sentence it was cut from.
    bad = [s.sentence for s in top if label_of(labels, s.sentence) != "checkable"]
    share = len(bad) / len(top)
    print(f"\narticle {key}: {len(bad)}/{len(top)} = {share:.0%} furniture or opinion")
    assert share < 0.5


def test_page_furniture_after_the_article_body_is_never_suggested():
    text = article_text("000")
    tail = text.index("惊蛰研究所\n公众号二维码")
    top = services.suggestions(text, written_on=written_on("000"))
    assert all(text.index(s.sentence) < tail for s in top)
    assert not any("羽毛" in s.sentence or "禁言" in s.sentence for s in top)


def test_repeated_headings_and_short_lines_are_furniture():
    text = (
        "小米新闻\n小米AI团队超过1200人,并建立了多个实验室。\n小米新闻\n分享到朋友圈\n"
    )
    assert furniture_lines(text) == {1, 3, 4}


def test_sentences_split_at_chinese_and_english_punctuation():
    text = "小米汽车2024年上半年量产。雷军表示:“全力以赴!”It will ship. Next one?"
    sentences = [sentence for _, sentence, _ in split_sentences(text)]
    assert sentences == [
        "小米汽车2024年上半年量产。",
        "雷军表示:“全力以赴!”",
        "It will ship.",
        "Next one?",
    ]


def test_each_candidate_has_spans_a_kind_and_a_deadline_when_it_predicts():
    text = (
        "Counterpoint的数据显示,2023年第二季度全球智能手机销量同比下降8%。\n"
        "小米计划在2024年上半年实现量产。\n"
        "The company will open 300 stores by the end of 2025, its chief executive said."
    )
    found = {c.sentence: c for c in suggest(text, written_on=date(2023, 8, 17))}
    statistic = found[
        "Counterpoint的数据显示,2023年第二季度全球智能手机销量同比下降8%。"
    ]
    assert statistic.kind == ClaimKind.STATISTIC
    assert {"percent", "date", "attribution"} <= {s.label for s in statistic.spans}
    promise = found["小米计划在2024年上半年实现量产。"]
    assert promise.kind == ClaimKind.PROMISE
    assert promise.deadline.text == "2024年上半年"
    english = found[
        "The company will open 300 stores by the end of 2025, its chief executive said."
    ]
    # The company's own plan, as its chief executive states it: a promise.
    assert english.kind == ClaimKind.PROMISE
    assert (english.deadline.end, english.deadline.precision) == (
        date(2025, 12, 31),
        "year",
    )


@settings_hypothesis(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_gives_candidates_whose_spans_lie_inside_their_sentence(text):
    for candidate in suggest(text, written_on=date(2023, 8, 17)):
        assert 0.0 <= candidate.score < 1.0
        for span in candidate.spans:
            assert 0 <= span.start < span.end <= len(candidate.sentence)
