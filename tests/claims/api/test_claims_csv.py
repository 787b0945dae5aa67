import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from claims.api.csv_export import COLUMNS
from claims.models import EditorialState, Rating
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
