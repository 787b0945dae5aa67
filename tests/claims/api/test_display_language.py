"""The API gives a claim's texts as a reader of the request's language sees
them, with the rule of the reader pages: that version, else the original,
marked as such."""

import pytest

from tests.factories import ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db


def detail(client, claim, language: str) -> dict:
    response = client.get(
        f"/api/v1/claims/{claim.slug}/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_display_follows_the_request_language_and_marks_the_original(client):
    claim = ClaimFactory(
        published=True,
        text="小米AI团队超过1200人。",
        text_en="Xiaomi's AI team has over 1,200 people.",
        analysis="与公开数据一致。",
        analysis_en="",
    )
    EvidenceFactory(claim=claim, title="小米一季度业绩", title_en="", note_en="Q1.")

    english = detail(client, claim, "en")["display"]
    assert english["text"] == {
        "text": "Xiaomi's AI team has over 1,200 people.",
        "language": "en",
        "original": False,
    }
    # No English analysis: the Chinese original, said to be one.
    assert english["analysis"] == {
        "text": "与公开数据一致。",
        "language": "zh-hans",
        "original": True,
    }
    [evidence] = detail(client, claim, "en")["evidence"]
    assert evidence["display"]["title"]["original"] is True
    assert evidence["display"]["note"] == {
        "text": "Q1.",
        "language": "en",
        "original": False,
    }

    chinese = detail(client, claim, "zh-hans")["display"]
    assert chinese["text"]["text"] == "小米AI团队超过1200人。"
    assert chinese["analysis"]["original"] is False
    # Both versions stay in the plain fields.
    body = detail(client, claim, "zh-hans")
    assert (body["analysis"], body["analysis_en"]) == ("与公开数据一致。", "")
