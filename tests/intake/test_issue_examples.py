"""The examples of the issue on intake of real articles, each giving the
candidates it describes."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.models import Speaker
from intake import services
from intake.deadlines import parse_deadline
from intake.sentences import split_sentences
from intake.spotter import suggest
from tests.factories import SpeakerFactory

NOV_28 = date(2026, 11, 28)


def sentences(text: str) -> list[str]:
    return [sentence for _, sentence, _ in split_sentences(text)]


# --- English sentences -----------------------------------------------------------


def test_a_full_stop_after_a_year_ends_the_sentence():
    text = (
        "BYD will start production at its Hungarian plant in the second half of "
        "2027. According to the China Passenger Car Association, EV sales rose 31% "
        "in October."
    )
    assert sentences(text) == [
        "BYD will start production at its Hungarian plant in the second half of 2027.",
        "According to the China Passenger Car Association, EV sales rose 31% in "
        "October.",
    ]
    statistic = [c for c in suggest(text, written_on=NOV_28) if "31%" in c.sentence]
    assert len(statistic) == 1 and statistic[0].kind == "statistic"


def test_a_full_stop_after_a_word_in_capitals_ends_the_sentence():
    assert sentences("Batteries come from CATL. The cells are made in Ningde.") == [
        "Batteries come from CATL.",
        "The cells are made in Ningde.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Sales in the U.S. rose 12% in 2025, the company said.",
        "Mr. Wang said revenue reached 3.5 billion yuan last year.",
        "The chief executive, J. Smith, said the plant opens in 2027.",
        "Dr. Li of Acme Inc. said about 40% of cells are made in-house.",
        "The launch is set for approx. three months from now.",
    ],
)
def test_abbreviations_decimals_and_initials_do_not_end_a_sentence(text):
    assert sentences(text) == [text]


def test_suggest_claims_gives_two_candidates_for_two_english_sentences(monkeypatch):
    monkeypatch.setattr(
        "sys.stdin",
        StringIO(
            "The company said revenue rose 12% in 2025. Its rival said profits fell "
            "5% last year."
        ),
    )
    out = StringIO()
    call_command("suggest_claims", "-", "--date", "2026-01-10", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert any("revenue rose 12% in 2025." in line for line in lines)
    assert any("profits fell 5% last year." in line for line in lines)


# --- deadlines ----------------------------------------------------------------------


def test_before_a_year_means_the_same_in_both_languages():
    english = parse_deadline("before 2028", written_on=NOV_28)
    chinese = parse_deadline("2028年之前", written_on=NOV_28)
    assert (english.start, english.end, english.precision) == (
        chinese.start,
        chinese.end,
        chinese.precision,
    )
    assert english.end == date(2028, 12, 31)


def test_a_deadline_already_past_is_kept_and_marked(monkeypatch):
    text = "公司此前承诺2025年底前实现盈利,目前仍在亏损。"
    dated_2026 = date(2026, 3, 1)
    (candidate,) = suggest(text, written_on=dated_2026)
    assert candidate.kind == "promise" and candidate.passed
    deadline = candidate.deadline
    assert (deadline.start, deadline.end, deadline.precision, deadline.text) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
        "year",
        "2025年底前",
    )
    monkeypatch.setattr("sys.stdin", StringIO(text))
    out = StringIO()
    call_command("suggest_claims", "-", "--date", "2026-03-01", stdout=out)
    assert "due 2025-01-01..2025-12-31 (year, 2025年底前), already passed" in (
        out.getvalue()
    )


def test_a_past_date_that_only_dates_an_event_sets_no_deadline():
    (candidate,) = suggest(
        "小米在2023年宣布进军大模型,团队超过1200人。", written_on=NOV_28
    )
    assert candidate.deadline is None and not candidate.passed


@pytest.mark.django_db
def test_the_intake_page_marks_a_deadline_already_past(client, editor):
    intake, _ = services.intake_create(
        text="公司此前承诺2025年底前实现盈利,目前仍在亏损。\n另一家公司表示销量增长12%。",
        written_on=date(2026, 3, 1),
        title="盈利承诺",
    )
    client.force_login(editor)
    page = client.get(
        reverse("admin:intake_articleintake_change", args=[intake.pk])
    ).content.decode()
    assert "2025-01-01 – 2025-12-31" in page
    assert page.count('class="deadline-passed">已过期</strong>') == 1


# --- one candidate per claim ------------------------------------------------------


def claims_in(text: str, written_on: date = NOV_28) -> list:
    return suggest(text, written_on=written_on)


def test_two_promises_in_one_sentence_give_two_candidates_with_two_deadlines():
    sentence = (
        "陈立明称，公司将在明年第三季度推出新机型，并计划在2028年之前建成第二工厂。"
    )
    launch, factory = claims_in(sentence)
    assert (launch.kind, factory.kind) == ("promise", "promise")
    assert launch.sentence == "公司将在明年第三季度推出新机型"
    assert sentence[launch.offset :].startswith(launch.sentence)
    assert (launch.deadline.start, launch.deadline.end) == (
        date(2027, 7, 1),
        date(2027, 9, 30),
    )
    assert launch.deadline.precision == "quarter"
    assert factory.sentence == "并计划在2028年之前建成第二工厂"
    assert factory.text == "陈立明称，公司计划在2028年之前建成第二工厂。"
    assert (factory.deadline.end, factory.deadline.text) == (
        date(2028, 12, 31),
        "2028年之前",
    )
    for claim in (launch, factory):
        for span in claim.spans:
            assert 0 <= span.start < span.end <= len(claim.sentence)


def test_a_delivery_schedule_gives_one_candidate_per_version():
    standard, pro = claims_in(
        "星海 Fold 标准版将于6月底开始交付，Pro 版将于9月底交付。"
    )
    assert "标准版" in standard.text and "Pro" not in standard.text
    assert pro.text.startswith("Pro 版") and "标准版" not in pro.text
    assert (standard.deadline.end, pro.deadline.end) == (
        date(2027, 6, 30),
        date(2027, 9, 30),
    )
    assert standard.kind == pro.kind == "promise"


def test_a_roadmap_gives_three_candidates_sharing_the_subject():
    beta, cities, nationwide = claims_in(
        "星海科技计划于3月开启公测，6月覆盖20座城市，年底前全国上线。"
    )
    assert [c.sentence for c in (beta, cities, nationwide)] == [
        "星海科技计划于3月开启公测",
        "6月覆盖20座城市",
        "年底前全国上线",
    ]
    assert cities.text == "星海科技计划6月覆盖20座城市。"
    assert nationwide.text == "星海科技计划年底前全国上线。"
    assert [c.deadline.end for c in (beta, cities, nationwide)] == [
        date(2027, 3, 31),
        date(2027, 6, 30),
        date(2026, 12, 31),
    ]
    assert {c.kind for c in (beta, cities, nationwide)} == {"promise"}


def test_english_coordinated_clauses_give_one_candidate_each():
    launch, stores = claims_in(
        "The company will launch the model in March and open 300 stores by the end "
        "of 2027."
    )
    assert launch.deadline.end == date(2027, 3, 31)
    assert stores.text == "The company will open 300 stores by the end of 2027."
    assert stores.deadline.end == date(2027, 12, 31)


def test_a_sentence_with_one_time_expression_stays_one_candidate():
    (single,) = claims_in(
        "Counterpoint的数据显示,2023年第二季度全球智能手机销量同比下降8%,环比下降5%。"
    )
    assert single.sentence.endswith("环比下降5%。")
    (dates,) = claims_in(
        "小米计划在2025年6月、7月分两批交付新车。", written_on=date(2025, 1, 10)
    )
    assert dates.deadline.end == date(2025, 7, 31)


@pytest.mark.django_db
def test_accepting_a_clause_makes_a_draft_with_its_own_wording_and_deadline(
    client, editor
):
    intake, _ = services.intake_create(
        text="陈立明称，公司将在明年第三季度推出新机型，并计划在2028年之前建成第二工厂。",
        written_on=NOV_28,
        title="星海科技发布会",
    )
    launch, factory = intake.candidates.order_by("position")
    assert (launch.due_end, factory.due_end) == (date(2027, 9, 30), date(2028, 12, 31))
    client.force_login(editor)
    page = client.get(
        reverse("admin:intake_articleintake_change", args=[intake.pk])
    ).content.decode()
    assert "陈立明称，公司计划在2028年之前建成第二工厂。" in page
    claim = services.candidate_accept(candidate=factory)
    assert claim.text == "陈立明称，公司计划在2028年之前建成第二工厂。"
    assert claim.quote == "并计划在2028年之前建成第二工厂"
    assert (claim.kind, claim.due_end, claim.due_text) == (
        "promise",
        date(2028, 12, 31),
        "2028年之前",
    )


# --- datelines, bylines, captions ---------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "first_words"),
    [
        (
            "（示例财经日报 2026年11月28日）星海科技今天在深圳发布了折叠屏新机。",
            "星海科技今天",
        ),
        ("新华社北京11月28日电 星海科技今天发布了折叠屏新机。", "星海科技今天"),
        ("本报讯（记者 王芳）星海科技今天发布了折叠屏新机。", "星海科技今天"),
        (
            "SHENZHEN, Nov 28 (Reuters) - Xinghai launched its first foldable phone "
            "on Friday.",
            "Xinghai launched",
        ),
        (
            "By Jane Li | Xinghai launched its first foldable phone on Friday.",
            "Xinghai",
        ),
    ],
)
def test_a_dateline_or_byline_is_dropped_from_the_sentence(paragraph, first_words):
    (sentence,) = sentences(paragraph)
    assert sentence.startswith(first_words)


def test_a_dateline_is_never_offered_as_an_attribution_claim():
    text = (
        "（示例财经日报 2026年11月28日）星海科技今天在深圳发布了首款折叠屏手机，"
        "起售价6999元。"
    )
    (candidate,) = claims_in(text)
    assert (
        "日报" not in candidate.sentence and "2026年11月28日" not in candidate.sentence
    )
    assert candidate.kind != "attribution"
    assert text[candidate.offset :].startswith("星海科技今天")


@pytest.mark.parametrize(
    "caption",
    [
        "图为星海科技2026年11月28日在深圳举行的发布会现场。",
        "星海 Fold 在发布会上亮相，售价6999元。（王芳 摄）",
        "Photo: Xinghai's chief executive presents the Fold in Shenzhen on Nov 28.",
    ],
)
def test_photo_captions_are_never_suggested(caption):
    text = caption + "\n星海科技表示，公司今年营收增长35%，达到120亿元。"
    top = suggest(text, written_on=NOV_28, min_score=0.05)
    assert all(caption[:6] not in c.sentence for c in top)
    assert any("35%" in c.sentence for c in top)


# --- speakers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("陈立明称，公司将在明年第三季度推出新机型。", "陈立明"),
        ("星海科技董事长陈立明表示，公司今年营收增长35%。", "陈立明"),
        ("据中国汽车工业协会统计，1-10月新能源汽车销量增长32%。", "中国汽车工业协会"),
        ("Xinghai said revenue rose 12% in 2025.", "Xinghai"),
        (
            "According to the China Passenger Car Association, EV sales rose 31%.",
            "China Passenger Car Association",
        ),
        ('"We will ship in March," said Jane Li.', "Jane Li"),
        ("用雷军的话说，小米大模型走的是轻量化路线，团队超过1200人。", "雷军"),
        ("最近雷军也表示，未来两年小米汽车将交付10万辆。", "雷军"),
        ("与声称即将推出新系统的华为相比，小米今年销量下降8%。", ""),
        ("他表示，公司明年将推出三款新车。", ""),
        ("The company said revenue rose 12% in 2025.", ""),
        ("有分析人士预测，今年全球手机市场将下滑5%。", ""),
    ],
)
def test_the_speaker_in_the_reporting_verb_is_proposed(sentence, speaker):
    (candidate,) = claims_in(sentence)
    assert candidate.speaker_name == speaker


def test_the_article_s_own_statements_are_proposed_as_its_author_s():
    text = (
        "作者|小满\n星海科技今年营收增长35%，达到120亿元。\n"
        "陈立明表示，公司明年将推出三款新车。\n"
    )
    revenue, cars = suggest(text, written_on=NOV_28, min_score=0.05)
    assert (revenue.speaker_name, cars.speaker_name) == ("小满", "陈立明")


@pytest.mark.django_db
def test_a_known_speaker_is_matched_and_a_new_name_is_proposed(client, editor):
    chen = SpeakerFactory(name="陈立明", name_en="Chen Liming", slug="chen-liming")
    intake, _ = services.intake_create(
        text=(
            "陈立明称，公司将在明年第三季度推出新机型，并计划在2028年之前建成第二工厂。\n"
            "据中国汽车工业协会统计，1-10月新能源汽车销量增长32%。\n"
            "Chen Liming said the Fold sold 200,000 units in its first month.\n"
        ),
        written_on=NOV_28,
        title="星海科技发布会",
    )
    launch, factory, association, english = intake.candidates.order_by("position")
    assert launch.speaker == factory.speaker == english.speaker == chen
    assert association.speaker is None
    assert association.speaker_name == "中国汽车工业协会"
    client.force_login(editor)
    page = client.get(
        reverse("admin:intake_articleintake_change", args=[intake.pk])
    ).content.decode()
    assert "建议新发言人： 中国汽车工业协会" in page
    claim = services.candidate_accept(candidate=factory)
    assert claim.speaker == chen
    assert claim.slug.startswith("chen-li-ming-cheng-gong-si-ji-hua-zai-2028")
    assert not claim.slug.startswith("article-")
    # No known speaker: the placeholder, as before; the name stays proposed.
    draft = services.candidate_accept(candidate=association)
    assert draft.speaker.slug == Speaker.PLACEHOLDER_SLUG


@pytest.mark.django_db
def test_the_api_gives_each_clause_its_wording_speaker_and_passed_deadline(
    api_client, editor
):
    api_client.force_login(editor)
    response = api_client.post(
        reverse("intake:api-suggest"),
        {
            "text": (
                "陈立明称，公司将在明年第三季度推出新机型，"
                "并计划在2025年底前建成第二工厂。"
            ),
            "date": "2026-11-28",
        },
        format="json",
    )
    assert response.status_code == 200
    launch, factory = sorted(
        response.json()["candidates"], key=lambda row: row["position"]
    )
    assert launch["text"] == "陈立明称，公司将在明年第三季度推出新机型。"
    assert (launch["speaker_name"], launch["passed"]) == ("陈立明", False)
    assert factory["sentence"] == "并计划在2025年底前建成第二工厂"
    assert factory["passed"] is True
    assert factory["deadline"]["due_end"] == "2025-12-31"
