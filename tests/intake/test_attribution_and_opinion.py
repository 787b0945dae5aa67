"""Who each suggestion is attributed to, and what is no claim to check: each
rule of ``intake.speakers`` and ``intake.spotter`` on a short example."""

from datetime import date

import pytest
from django.conf import settings

from claims.models import Speaker
from intake import services
from intake.spotter import score_sentence, suggest
from tests.factories import SpeakerFactory

NOV_28 = date(2026, 11, 28)


def claims_in(text: str) -> list:
    # A byline on a line of its own scores nothing: left out.
    return suggest(text, written_on=NOV_28, min_score=0.05)


def speakers_of(text: str) -> list[tuple[str, bool]]:
    return [(c.speaker_name, c.own_voice) for c in claims_in(text)]


def labels_of(sentence: str) -> set[str]:
    return {span.label for span in score_sentence(sentence, written_on=NOV_28).spans}


# --- speakers ------------------------------------------------------------------------


def test_a_pronoun_takes_the_speaker_named_before_it():
    text = "陈立明表示，公司今年营收增长35%。他还表示，公司明年将推出三款新车。"
    assert speakers_of(text) == [("陈立明", False), ("陈立明", False)]


def test_a_reporting_verb_without_a_subject_takes_the_speaker_named_before_it():
    text = "4月14日，雷军发布动态表明小米将进军大模型。并透露产品将于明年发布。"
    assert speakers_of(text) == [("雷军", False), ("雷军", False)]


def test_an_english_pronoun_takes_the_speaker_named_before_it():
    text = "Jane Li said sales rose 12% in 2025. She said the plant will open in 2027."
    assert speakers_of(text) == [("Jane Li", False), ("Jane Li", False)]


def test_a_pronoun_with_nobody_named_before_it_proposes_nobody():
    assert speakers_of("他表示，公司明年将推出三款新车。") == [("", False)]


def test_a_quotation_running_over_several_sentences_is_its_speaker_s():
    text = "王芳表示：“今年销量增长了20%。明年我们将开设50家门店。”"
    assert speakers_of(text) == [("王芳", False), ("王芳", False)]


def test_a_name_s_reading_of_something_introduces_their_quotation():
    text = "雷军对于自己成功的解读：“小米成立13年，我们运气好。我们赶上了3次机会。”"
    assert [name for name, _own in speakers_of(text)] == ["雷军", "雷军"]


def test_a_bare_quotation_is_the_speaker_s_named_in_the_next_sentence():
    text = "“全力以赴，坚决拥抱。”\n4月14日，雷军发文表示小米将在2024年推出大模型。"
    assert speakers_of(text) == [("雷军", False), ("雷军", False)]


def test_a_bare_quotation_nobody_is_named_next_to_is_the_article_s():
    text = "作者|李明\n“全力以赴，坚决拥抱。”\n小米今年销量增长了20%。"
    assert speakers_of(text) == [("李明", True), ("李明", True)]


def test_an_unnamed_source_is_the_article_s_own_voice():
    text = "作者|李明\n有分析人士预测，今年全球手机销量将下降5%。"
    assert speakers_of(text) == [("李明", True)]
    text = "By Jane Li\nAnalysts said EV sales will rise 20% in 2027."
    assert speakers_of(text) == [("Jane Li", True)]


def test_an_unnamed_organisation_is_not_the_article_s_own_voice():
    text = "作者|李明\n该公司表示，明年将推出三款新车。"
    assert speakers_of(text) == [("", False)]
    assert speakers_of("The company said revenue rose 12% in 2025.") == [("", False)]


def test_a_quotation_in_the_first_person_is_not_the_article_s_own_voice():
    text = (
        "作者|李明\n雷军下定决心造车，“这将是我人生中最后一次重大创业，投入100亿元。”"
    )
    assert speakers_of(text) == [("", False)]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("李彦宏曾断言未来企业将看大模型的优劣，算力需求增长10倍。", "李彦宏"),
        ("小米集团总裁卢伟冰重申，公司今年将投入100亿元研发。", "卢伟冰"),
        ("雷军在微博上发文称，小米汽车将于2024年量产。", "雷军"),
    ],
)
def test_more_reporting_verbs_name_their_speaker(sentence, speaker):
    assert speakers_of(sentence) == [(speaker, False)]


def test_to_put_it_frankly_is_no_reporting_verb():
    ((speaker, own_voice),) = speakers_of("坦白来说，小米今年销量下降了8%。")
    assert (speaker, own_voice) == ("", True)


@pytest.mark.django_db
def test_the_article_s_own_statements_are_not_attributed_to_a_name_they_mention():
    SpeakerFactory(name="雷军", name_en="Lei Jun", slug="lei-jun")
    intake, _ = services.intake_create(
        text="在雷军发文当天，小米任命栾剑担任大模型团队负责人，团队超过1200人。",
        written_on=NOV_28,
        title="小米大模型团队",
    )
    (candidate,) = intake.candidates.all()
    assert (candidate.speaker, candidate.own_voice) == (None, True)
    draft = services.candidate_accept(candidate=candidate)
    assert draft.speaker.slug == Speaker.PLACEHOLDER_SLUG  # for the editor to set
    xiaoman = SpeakerFactory(name="小满", slug="xiaoman")
    intake.article.author = "小满"
    intake.article.save()
    again, created = services.intake_create(
        text="小米AI团队超过1200人，并在全球建立了多个实验室。",
        written_on=NOV_28,
        article=intake.article,
    )
    assert created
    (candidate,) = again.candidates.all()
    # No byline in the text: the article's author, as the catalogue has it.
    assert candidate.speaker == xiaoman


# --- furniture and opinion ---------------------------------------------------------


def test_an_evaluation_with_no_figure_in_it_is_opinion_and_not_suggested():
    opinion = score_sentence(
        "坦白来说，小米与通用大模型的差距已经被拉开了。", written_on=NOV_28
    )
    assert opinion.opinion
    assert opinion.score < settings.INTAKE_MIN_SCORE
    figure = score_sentence("坦白来说，小米今年的销量下降了8%。", written_on=NOV_28)
    assert not figure.opinion
    assert figure.score >= settings.INTAKE_MIN_SCORE


@pytest.mark.parametrize(
    "sentence",
    [
        "对于卢伟冰而言，小米大模型不失为更大的机会。",
        "这三点固然是小米拥抱大模型的底气。",
        "而根本上，这都是雷军的作业。",
        "我称之为“库克的iPhone6时刻”。",
    ],
)
def test_evaluative_words_make_an_opinion(sentence):
    assert score_sentence(sentence, written_on=NOV_28).opinion


def test_a_question_the_article_asks_is_not_suggested():
    question = score_sentence(
        "如果小米汽车不断跳票，小米又将如何在2025年描述一个差异化的未来？",
        written_on=NOV_28,
    )
    assert question.opinion
    assert question.score < settings.INTAKE_MIN_SCORE


def test_a_question_someone_is_quoted_asking_is_no_question_of_the_article():
    quoted = score_sentence(
        "雷军在发布会上说：“今年能交付10万辆吗？”", written_on=NOV_28
    )
    assert not quoted.opinion


def test_scare_quotes_round_a_term_are_no_quotation():
    assert "quote" not in labels_of("大模型与造车一样，都是需要“大把烧钱”的赛道。")
    assert "quote" in labels_of("章庆元表示：“产品由合作伙伴提供。”")
    assert "quote" in labels_of("雷军提出“战功文化”是小米价值观之一。")


def test_a_quotation_running_on_is_quoted_speech_not_the_writer_s_opinion():
    (opening, running) = claims_in(
        "王芳表示：“今年销量增长了20%。毫无疑问，我们找对了方向。”"
    )
    assert not running.opinion
    assert "quote" in {span.label for span in running.spans}


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("这是一个全新的生态。", "number"),  # 一个: "a", not a count
        ("雷军表现出百倍信心。", "number"),  # a manner of speaking
        ("这三点是小米的底气。", "date"),  # a clock time, if any, dates nothing
        ("尽管最终会出现，却姗姗来迟。", "ranking"),  # 最终 is no superlative
    ],
)
def test_words_that_look_like_figures_are_not(sentence, label):
    assert label not in labels_of(sentence)


def test_a_statement_of_how_things_stand_now_is_its_own_claim():
    promise, now = claims_in(
        "然而，雷军官宣“2024年实现量产”的小米造车计划行将进入倒计时，"
        "小米汽车至今未露真容。"
    )
    assert promise.speaker_name == "雷军"
    assert promise.deadline.end == date(2024, 12, 31)
    assert now.sentence == "小米汽车至今未露真容"
    assert (now.own_voice, now.deadline) == (True, None)
    assert "present" in {span.label for span in now.spans}


@pytest.mark.parametrize(
    "note",
    [
        "编者按：本文作者为小米前员工，文中数据截至2024年3月。",
        "（本文仅代表作者观点，与本平台无关，数据截至2024年。）",
        "Editor's note: this story was updated on 3 June 2024 with 8,646 units.",
        "This article has been updated to correct the 2024 figure of 10,000 units.",
    ],
)
def test_editor_s_notes_and_boilerplate_are_never_suggested(note):
    text = f"{note}\n小米汽车5月交付8630辆，同比增长22%。"
    found = services.suggestions(text, written_on=NOV_28)
    assert [c.sentence for c in found] == ["小米汽车5月交付8630辆，同比增长22%。"]
