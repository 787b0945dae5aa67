import csv
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.api.csv_export import COLUMNS
from claims.jsonld import absolute_url
from claims.models import Claim, EditorialState, Rating
from tests.factories import ClaimFactory
from tests.helpers.api import assert_error

pytestmark = pytest.mark.django_db

URL = reverse("api:claim-list")


def read_csv(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def all_json_rows(client, params) -> list[dict]:
    rows, response = [], client.get(URL, params)
    while True:
        body = response.json()
        rows += body["results"]
        if not body["next"]:
            return rows
        response = client.get(body["next"])


def test_the_csv_is_streamed_and_matches_the_list_endpoint(anon_client):
    ClaimFactory.create_batch(5, published=True)
    ClaimFactory.create_batch(
        3, published=True, rating=Rating.objects.get(slug="false")
    )
    ClaimFactory(state=EditorialState.DRAFT)

    response = anon_client.get(URL, {"format": "csv", "ordering": "slug"})

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    listed = all_json_rows(anon_client, {"ordering": "slug", "page_size": 3})
    assert [row["slug"] for row in rows] == [row["slug"] for row in listed]
    assert len(rows) == 8
    for row, item in zip(rows, listed, strict=True):
        assert list(row) == COLUMNS
        assert row["text"] == item["text"]
        assert row["speaker"] == item["speaker"]["slug"]
        assert row["rating"] == item["rating"]["slug"]
        assert row["rating_value"] == str(item["rating"]["value"])
        assert row["state"] == item["state"] == "published"


def test_the_csv_takes_the_same_filters(anon_client):
    ClaimFactory.create_batch(2, published=True)
    wanted = ClaimFactory(published=True, rating=Rating.objects.get(slug="false"))
    params = {"format": "csv", "rating": "false"}

    rows = read_csv(anon_client.get(URL, params))

    assert [row["slug"] for row in rows] == [wanted.slug]
    assert rows[0]["rating_label_zh"] == "不实"


def test_the_csv_has_deadlines_and_empty_cells_for_missing_values(anon_client):
    ClaimFactory(due_h1_2024=True, published=True, claimed_on=None)

    row = read_csv(anon_client.get(URL, {"format": "csv"}))[0]

    assert (row["due_start"], row["due_end"], row["due_precision"]) == (
        "2024-01-01",
        "2024-06-30",
        "half",
    )
    assert row["claimed_on"] == ""
    assert row["rating_value"] == ""  # "in progress" has no numeric value


def test_a_bad_filter_on_the_csv_is_a_json_400(anon_client):
    error = assert_error(anon_client.get(URL, {"format": "csv", "rating": "nope"}), 400)

    assert "nope" in error["fields"]["rating"][0]


def test_the_csv_reads_rows_in_chunks_with_a_fixed_number_of_queries(
    anon_client, django_assert_max_num_queries
):
    ClaimFactory.create_batch(30, published=True)
    with django_assert_max_num_queries(1):
        rows = read_csv(anon_client.get(URL, {"format": "csv"}))
    assert len(rows) == 30


def csv_queries(client) -> tuple[list[dict[str, str]], int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"format": "csv"})
        assert response.streaming
        rows = read_csv(response)
    return rows, len(captured)


def test_the_whole_csv_takes_the_same_queries_for_10_or_200_claims(anon_client):
    """The download is streamed from one query whatever the number of claims,
    each row with its page address, speaker, article and rating."""
    ClaimFactory.create_batch(10, published=True)
    rows, few = csv_queries(anon_client)
    assert len(rows) == 10
    ClaimFactory.create_batch(190, published=True)
    rows, many = csv_queries(anon_client)
    assert len(rows) == 200
    assert many == few
    claim = Claim.objects.select_related("speaker", "article").get(
        slug=rows[-1]["slug"]
    )
    assert rows[-1]["page_url"] == absolute_url(claim.get_absolute_url())
    assert rows[-1]["speaker_name"] == claim.speaker.name
    assert rows[-1]["article_title"] == claim.article.title
