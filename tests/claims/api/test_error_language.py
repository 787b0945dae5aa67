"""API errors speak the request's language throughout: the message and every
field message, for 400, 403, 404 and 409 alike."""

import re

import pytest

from tests.factories import ClaimFactory
from tests.helpers.api import token_client

pytestmark = pytest.mark.django_db

HAN = re.compile("[\u3400-\u9fff]")


def errors_in(language: str, user, claim) -> list[dict]:
    client = token_client(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    url = f"/api/v1/claims/{claim.slug}/"
    responses = [
        client.patch(url, {"text": "x"}, format="json"),  # no version
        client.patch(url, {"version": claim.version - 1, "text": "y"}, format="json"),
        client.post(f"{url}retract/", {"reason": "x"}, format="json"),
        client.patch(url, {"version": claim.version, "state": "draft"}, format="json"),
        client.patch(
            url,
            {"version": claim.version, "kind": "zzz", "rating": "nope"},
            format="json",
        ),
        client.get("/api/v1/nothing/"),
    ]
    assert [r.status_code for r in responses] == [400, 409, 403, 400, 400, 404]
    return [r.json()["error"] for r in responses]


def texts(error: dict) -> list[str]:
    fields = error.get("fields", {})
    return [error["message"], *(m for messages in fields.values() for m in messages)]


def test_api_errors_are_entirely_chinese_for_a_chinese_request(editor):
    claim = ClaimFactory(published=True)
    for error in errors_in("zh-hans", editor, claim):
        for text in texts(error):
            # Only field names, values the client sent and the path stay Latin.
            words = set(re.findall(r"[A-Za-z]{3,}", text)) - {
                "version",
                "state",
                "kind",
                "rating",
                "zzz",
                "nope",
                "slug",
                "api",
                "nothing",
                "API",
            }
            assert HAN.search(text) and not words, text


def test_api_errors_are_entirely_english_for_an_english_request(editor):
    claim = ClaimFactory(published=True)
    for error in errors_in("en", editor, claim):
        for text in texts(error):
            assert not HAN.search(text), text
    assert errors_in("en", editor, claim)[1]["message"] == (
        "The record has changed since you read it."
    )
