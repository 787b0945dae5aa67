"""Readers see a moved deadline on the claim's timeline and in its feed, in
both languages, beside its re-ratings."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse

from claims.models import ClaimKind, DuePrecision, Rating
from tests.factories import ClaimFactory
from tests.helpers.claims import change_public_claim, rerate
from tests.helpers.pages import text_of, url_in

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
REASON = "小米在三季度财报会上宣布推迟到2027年上半年。"


@pytest.fixture
def moved(editor, reviewer):
    """A published prediction, re-rated, whose deadline then moved from the
    end of 2026 to the first half of 2027 (an editor's change a reviewer
    approved)."""
    claim = ClaimFactory(
        published=True,
        slug="xiaomi-car-europe",
        kind=ClaimKind.PREDICTION,
        text="小米汽车将于2026年底前进入欧洲市场。",
        text_en="Xiaomi's car will reach Europe by the end of 2026.",
        due_start=date(2026, 1, 1),
        due_end=date(2026, 12, 31),
        due_precision=DuePrecision.YEAR,
        due_text="2026年底前",
    )
    rerate(
        claim, Rating.objects.get(slug="stalled"), kind="update", reason="测试推迟。"
    )
    return change_public_claim(
        claim,
        author=editor,
        approver=reviewer,
        fields={
            "due_start": date(2027, 1, 1),
            "due_end": date(2027, 6, 30),
            "due_precision": DuePrecision.HALF,
            "due_text": "2027年上半年",
        },
        change_reason=REASON,
    )


def page_text(client, claim, language: str) -> str:
    response = client.get(url_in(language, "claims:detail", slug=claim.slug))
    assert response.status_code == 200
    return text_of(response)


def test_the_timeline_says_the_deadline_moved_and_why_in_english(client, moved):
    text = page_text(client, moved, "en")

    assert (
        "Deadline moved from 2026-12-31 (by end of 2026) to 2027-06-30 (H1 2027)"
        in text
    )
    assert REASON in text
    assert "Rating and deadline history" in text
    # Beside the re-rating, after it.
    assert text.index("Re-rated") < text.index("Deadline moved from")


def test_the_timeline_says_the_deadline_moved_and_why_in_chinese(client, moved):
    text = page_text(client, moved, "zh-hans")

    assert "期限由 2026-12-31（2026年底前） 改为 2027-06-30（2027年上半年）" in text
    assert REASON in text
    assert "评级与期限记录" in text


@pytest.mark.parametrize(
    ("language", "title"),
    [
        (
            "en",
            "Deadline moved from 2026-12-31 (by end of 2026) to 2027-06-30 "
            "(H1 2027): Xiaomi's car will reach Europe by the end of 2026.",
        ),
        (
            "zh-hans",
            "期限由 2026-12-31（2026年底前） 改为 2027-06-30（2027年上半年）："
            "小米汽车将于2026年底前进入欧洲市场。",
        ),
    ],
)
def test_the_claims_feed_has_an_entry_for_the_moved_deadline(
    client, moved, language, title
):
    response = client.get(url_in(language, "claims:claim-feed", slug=moved.slug))
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed

    entries = root.findall(f"{ATOM}entry")
    newest = entries[0]
    assert newest.findtext(f"{ATOM}title") == title
    assert REASON in (newest.findtext(f"{ATOM}summary") or "")
    assert "#deadline-" in newest.findtext(f"{ATOM}id")
    assert len(entries) == 3  # published, re-rated, deadline moved


REASON_EN = "Xiaomi said at its Q3 earnings call that this moves to H1 2027."


@pytest.fixture
def moved_in_both(editor, reviewer):
    """A published prediction whose deadline moved, with the public reason
    in Chinese and in English."""
    claim = ClaimFactory(
        published=True,
        slug="xiaomi-car-europe-both",
        kind=ClaimKind.PREDICTION,
        text="小米汽车将于2026年底前进入欧洲市场。",
        text_en="Xiaomi's car will reach Europe by the end of 2026.",
        due_start=date(2026, 1, 1),
        due_end=date(2026, 12, 31),
        due_precision=DuePrecision.YEAR,
        due_text="2026年底前",
    )
    return change_public_claim(
        claim,
        author=editor,
        approver=reviewer,
        fields={"due_end": date(2027, 6, 30), "due_precision": DuePrecision.DAY},
        change_reason=REASON,
        change_reason_en=REASON_EN,
    )


def test_the_english_timeline_and_feed_give_the_english_reason(client, moved_in_both):
    english = page_text(client, moved_in_both, "en")
    chinese = page_text(client, moved_in_both, "zh-hans")

    assert REASON_EN in english and REASON not in english
    assert REASON in chinese and REASON_EN not in chinese
    feed = client.get(url_in("en", "claims:claim-feed", slug=moved_in_both.slug))
    newest = ET.fromstring(feed.content).findall(f"{ATOM}entry")[0]  # noqa: S314
    summary = newest.find(f"{ATOM}summary")
    assert summary is not None and summary.text == REASON_EN
    # In the feed's own language: no xml:lang of its own.
    assert "{http://www.w3.org/XML/1998/namespace}lang" not in summary.attrib


def test_without_an_english_reason_the_english_page_marks_the_chinese_one(
    client, moved
):
    response = client.get(url_in("en", "claims:detail", slug=moved.slug))
    html = response.content.decode()

    assert f'<span lang="zh-hans">{REASON}</span>' in html
    feed = client.get(url_in("en", "claims:claim-feed", slug=moved.slug))
    newest = ET.fromstring(feed.content).findall(f"{ATOM}entry")[0]  # noqa: S314
    summary = newest.find(f"{ATOM}summary")
    assert summary is not None
    assert summary.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-hans"


def test_the_admin_lists_both_reasons_of_a_moved_deadline(admin_client, moved_in_both):
    response = admin_client.get(
        reverse("admin:claims_deadlinechange_changelist"),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert REASON in html and REASON_EN in html
    assert "Public reason (English)" in html or "public reason (English)" in html
