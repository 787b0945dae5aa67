"""Hostile input to the API: a clear 4xx in the one error shape, never a 500."""

from __future__ import annotations

import base64
import csv
import io
import json
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from claims.api.csv_export import safe_cell
from claims.models import EditorialState
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory
from tests.helpers.api import assert_error

pytestmark = pytest.mark.django_db


def cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


BAD_CURSORS = [
    cursor("p=\x00abc"),
    cursor("o=1&r=0&p=\x00"),
    cursor("o=-1&p=x"),
    "garbage!!",
]
LISTS = [
    ("/api/v1/claimreview/", {}),
    ("/api/v1/speakers/", {}),
    ("/api/v1/articles/", {}),
    ("/api/v1/claims/", {"ordering": "slug"}),
    ("/api/v1/claims/", {}),
]


@pytest.fixture
def listed():
    claim = ClaimFactory(
        state=EditorialState.PUBLISHED,
        published_at=timezone.now(),
        rated_at=timezone.now(),
    )
    return claim


@pytest.mark.parametrize(("path", "params"), LISTS)
@pytest.mark.parametrize("bad", BAD_CURSORS)
def test_an_invalid_cursor_is_a_client_error(anon_client, listed, path, params, bad):
    response = anon_client.get(f"{path}?{urlencode(params | {'cursor': bad})}")

    assert response.status_code in (400, 404), response.content
    assert_error(response, response.status_code)


@pytest.mark.parametrize(
    "path", ["/api/v1/claimreview/", "/api/v1/claims/", "/api/v1/claims/?a=1"]
)
def test_a_cursor_position_of_the_wrong_type_is_a_client_error(
    anon_client, listed, path
):
    """Text where the list is ordered by id or by date."""
    for position in ("abc", "9" * 40, "1e5", "-"):
        response = anon_client.get(path, {"cursor": cursor(f"p={position}")})

        assert_error(response, 400)


def test_options_on_the_csv_format_is_not_a_server_error(anon_client):
    response = anon_client.options("/api/v1/claims/?format=csv")

    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["name"]


def nested(depth: int) -> str:
    return '{"text": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize("depth", [1000, 5000, 100_000])
def test_deeply_nested_json_is_refused(editor_client, depth):
    response = editor_client.post(
        "/api/v1/claims/", nested(depth), content_type="application/json"
    )

    assert_error(response, 400)


def test_moderately_nested_json_still_parses(editor_client):
    response = editor_client.post(
        "/api/v1/claims/", nested(10), content_type="application/json"
    )

    # Parsed: the refusal is about the field, not the JSON.
    error = assert_error(response, 400)
    assert "JSON" not in error["message"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain text", "plain text"),
        ("小米", "小米"),
        ("", ""),
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_is_neutralised(value, expected):
    assert safe_cell(value) == expected


def test_the_csv_export_neutralises_formulas(anon_client):
    ClaimFactory(
        slug="formula",
        text='=HYPERLINK("http://x")',
        rating_explanation="+cmd",
        speaker=SpeakerFactory(name="@speaker"),
        article=ArticleFactory(title="-title"),
        state=EditorialState.PUBLISHED,
        published_at=timezone.now(),
        rated_at=timezone.now(),
    )

    response = anon_client.get("/api/v1/claims/", {"format": "csv"})

    text = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["text"] == '\'=HYPERLINK("http://x")'
    assert row["rating_explanation"] == "'+cmd"
    assert row["speaker_name"] == "'@speaker"
    assert row["article_title"] == "'-title"
    # Dates and slugs are left as they are.
    assert row["slug"] == "formula"
    assert row["published_at"][:4].isdigit()


def test_json_parser_limit_keeps_ordinary_json(editor_client):
    body = json.dumps({"text": "x", "slug": "ok"})
    response = editor_client.post(
        "/api/v1/claims/", body, content_type="application/json"
    )
    assert response.status_code == 400  # missing fields, but parsed


@pytest.mark.parametrize("path", ["/api/v1/claims/a%0Ab/retract/", "/api/%0A"])
def test_a_line_break_in_an_api_address_is_the_json_404(editor_client, path):
    response = editor_client.post(path, {}, format="json")
    assert_error(response, 404, "not_found")
