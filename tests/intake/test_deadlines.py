"""Deadline parsing: Chinese and English time expressions read into windows."""

from datetime import date

import pytest

from intake.deadlines import deadline_in, parse_deadline

AUG_17 = date(2023, 8, 17)  # the first seed article's date
APR_20 = date(2023, 4, 20)  # the second seed article's date

D = date.fromisoformat

# expression, article date, expected start, end, precision
TABLE = [
    # Chinese: named periods
    ("2024年", AUG_17, "2024-01-01", "2024-12-31", "year"),
    ("2024年上半年", AUG_17, "2024-01-01", "2024-06-30", "half"),
    ("2024年下半年", AUG_17, "2024-07-01", "2024-12-31", "half"),
    ("2024年第三季度", AUG_17, "2024-07-01", "2024-09-30", "quarter"),
    ("2024年Q3", AUG_17, "2024-07-01", "2024-09-30", "quarter"),
    ("2024年6月", AUG_17, "2024-06-01", "2024-06-30", "month"),
    ("2024年6月30日", AUG_17, "2024-06-30", "2024-06-30", "day"),
    ("2024年至2025年", AUG_17, "2024-01-01", "2025-12-31", "year"),
    ("2025年6月或7月", AUG_17, "2025-06-01", "2025-07-31", "month"),
    # Chinese: relative to the article's date
    ("明年", AUG_17, "2024-01-01", "2024-12-31", "year"),
    ("今年", AUG_17, "2023-01-01", "2023-12-31", "year"),
    ("后年", AUG_17, "2025-01-01", "2025-12-31", "year"),
    ("明年上半年", AUG_17, "2024-01-01", "2024-06-30", "half"),
    ("今年下半年", AUG_17, "2023-07-01", "2023-12-31", "half"),
    ("下个季度", AUG_17, "2023-10-01", "2023-12-31", "quarter"),
    ("今年第四季度", AUG_17, "2023-10-01", "2023-12-31", "quarter"),
    ("年内", AUG_17, "2023-08-17", "2023-12-31", "year"),
    ("今年年内", AUG_17, "2023-08-17", "2023-12-31", "year"),
    ("年底", AUG_17, "2023-08-17", "2023-12-31", "year"),
    ("年底前", AUG_17, "2023-08-17", "2023-12-31", "year"),
    ("明年年底", AUG_17, "2023-08-17", "2024-12-31", "year"),
    ("年底或者说是明年", AUG_17, "2023-08-17", "2024-12-31", "year"),
    ("到2025年", AUG_17, "2023-08-17", "2025-12-31", "year"),
    ("6月底", AUG_17, "2023-08-17", "2024-06-30", "month"),  # next June
    ("6月底前", AUG_17, "2023-08-17", "2024-06-30", "month"),
    ("9月", AUG_17, "2023-09-01", "2023-09-30", "month"),
    ("3月", AUG_17, "2024-03-01", "2024-03-31", "month"),
    ("本月底", AUG_17, "2023-08-17", "2023-08-31", "month"),
    ("上半年", AUG_17, "2024-01-01", "2024-06-30", "half"),  # this one is past
    ("三年内", AUG_17, "2023-08-17", "2026-08-31", "month"),
    ("未来两年", APR_20, "2023-04-20", "2025-04-30", "month"),
    ("未来3年", AUG_17, "2023-08-17", "2026-08-31", "month"),
    ("5年之内", AUG_17, "2023-08-17", "2028-08-31", "month"),
    # English
    ("in 2024", AUG_17, "2024-01-01", "2024-12-31", "year"),
    ("by 2025", AUG_17, "2023-08-17", "2025-12-31", "year"),
    ("before 2025", AUG_17, "2023-08-17", "2025-12-31", "year"),
    ("by mid-2025", AUG_17, "2023-08-17", "2025-06-30", "half"),
    ("in the first half of 2024", AUG_17, "2024-01-01", "2024-06-30", "half"),
    ("in the second half of next year", AUG_17, "2024-07-01", "2024-12-31", "half"),
    ("H1 2024", AUG_17, "2024-01-01", "2024-06-30", "half"),
    ("by the end of the year", AUG_17, "2023-08-17", "2023-12-31", "year"),
    ("by the end of 2024", AUG_17, "2023-08-17", "2024-12-31", "year"),
    ("by year-end", AUG_17, "2023-08-17", "2023-12-31", "year"),
    ("within three years", AUG_17, "2023-08-17", "2026-08-31", "month"),
    ("over the next two years", AUG_17, "2023-08-17", "2025-08-31", "month"),
    ("within 18 months", AUG_17, "2023-08-17", "2025-02-28", "month"),
    ("in three years", AUG_17, "2026-01-01", "2026-12-31", "year"),
    ("next year", AUG_17, "2024-01-01", "2024-12-31", "year"),
    ("this year", AUG_17, "2023-01-01", "2023-12-31", "year"),
    ("next month", AUG_17, "2023-09-01", "2023-09-30", "month"),
    ("next quarter", AUG_17, "2023-10-01", "2023-12-31", "quarter"),
    ("Q3 2025", AUG_17, "2025-07-01", "2025-09-30", "quarter"),
    ("the third quarter of 2025", AUG_17, "2025-07-01", "2025-09-30", "quarter"),
    ("in May 2024", AUG_17, "2024-05-01", "2024-05-31", "month"),
    ("by June", AUG_17, "2023-08-17", "2024-06-30", "month"),
    ("by the end of March", AUG_17, "2023-08-17", "2024-03-31", "month"),
    ("June 30, 2024", AUG_17, "2024-06-30", "2024-06-30", "day"),
    ("30 June 2024", AUG_17, "2024-06-30", "2024-06-30", "day"),
    ("early 2025", AUG_17, "2025-01-01", "2025-06-30", "half"),
    ("late 2024", AUG_17, "2024-07-01", "2024-12-31", "half"),
]


@pytest.mark.parametrize(
    ("expression", "written_on", "start", "end", "precision"),
    TABLE,
    ids=[row[0] for row in TABLE],
)
def test_expression_reads_as_the_expected_window(
    expression, written_on, start, end, precision
):
    deadline = parse_deadline(expression, written_on=written_on)
    assert deadline is not None, expression
    assert (deadline.start, deadline.end, deadline.precision) == (
        D(start),
        D(end),
        precision,
    )
    assert deadline.text in expression


def test_the_table_covers_at_least_forty_expressions_in_both_languages():
    chinese = [row for row in TABLE if any("\u4e00" <= ch <= "\u9fff" for ch in row[0])]
    assert len(TABLE) >= 40
    assert len(chinese) >= 20 and len(TABLE) - len(chinese) >= 20


def test_a_prediction_takes_the_latest_window_with_its_words():
    sentence = "今年全球智能手机市场可能会是持平微跌,回暖可能要等到年底或者说是明年。"
    deadline = deadline_in(sentence, written_on=AUG_17)
    assert (deadline.start, deadline.end, deadline.precision, deadline.text) == (
        AUG_17,
        date(2024, 12, 31),
        "year",
        "到年底或者说是明年",
    )


def test_an_english_promise_has_its_deadline_found_in_the_sentence():
    sentence = "The company said it will start mass production by mid-2025."
    deadline = deadline_in(sentence, written_on=AUG_17)
    assert deadline.text == "by mid-2025"
    assert deadline.end == date(2025, 6, 30)


def test_a_sentence_without_a_time_expression_has_no_deadline():
    assert deadline_in("小米AI团队超过1200人。", written_on=AUG_17) is None
    assert parse_deadline("sometime soon", written_on=AUG_17) is None
