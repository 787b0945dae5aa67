"""Moments are given in the site's time zone everywhere: a claim rated and
published at 04:49 on 5 December, Shanghai time (20:49 UTC on 4 December),
is 5 December in its ClaimReview, its CSV row and its JSON alike."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from claims.models import Claim
from tests.factories import ClaimFactory
from tests.helpers.pages import json_ld, url_in

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 12, 4, 20, 49, tzinfo=UTC)  # 04:49 on 5 Dec in Shanghai
LOCAL = "2026-12-05T04:49:00+08:00"


@pytest.fixture
def early_morning_claim(settings) -> Claim:
    settings.TIME_ZONE = "Asia/Shanghai"
    claim = ClaimFactory(published=True)
    Claim.objects.filter(pk=claim.pk).update(
        published_at=MOMENT, rated_at=MOMENT, created_at=MOMENT
    )
    return Claim.objects.get(pk=claim.pk)


def test_claimreview_dates_are_the_local_date_and_time(
    anon_client, early_morning_claim
):
    [item] = anon_client.get(reverse("api:claimreview-list")).json()["results"]

    assert item["datePublished"] == "2026-12-05"
    assert item["dateModified"] == LOCAL


def test_the_claim_pages_markup_says_5_december_too(client, early_morning_claim):
    response = client.get(url_in("en", "claims:detail", slug=early_morning_claim.slug))

    [block] = json_ld(response)
    assert json.loads(block)["datePublished"] == "2026-12-05"


def test_csv_datetimes_are_in_the_site_time_zone(anon_client, early_morning_claim):
    response = anon_client.get(reverse("api:claim-list"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")

    [row] = list(csv.DictReader(io.StringIO(text)))

    assert row["rated_at"] == LOCAL
    assert row["published_at"] == LOCAL


def test_api_datetimes_are_in_the_site_time_zone(anon_client, early_morning_claim):
    slug = early_morning_claim.slug

    detail = anon_client.get(reverse("api:claim-detail", kwargs={"slug": slug})).json()
    [row] = anon_client.get(reverse("api:claim-list")).json()["results"]

    assert detail["rated_at"] == LOCAL and detail["published_at"] == LOCAL
    assert row["rated_at"] == LOCAL
