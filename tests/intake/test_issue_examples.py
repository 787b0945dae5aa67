"""The examples of the issue on intake of real articles, each giving the
candidates it describes."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from intake.sentences import split_sentences
from intake.spotter import suggest

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
