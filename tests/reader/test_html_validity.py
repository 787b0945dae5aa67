"""Reader pages keep to what the W3C Nu HTML checker and axe-core ask: machine
dates HTML accepts, no empty form actions, no skipped heading levels."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from claims.models import Rating
from reader.templatetags.reader import html_datetime
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.claims import rerate

pytestmark = pytest.mark.django_db

# HTML's "valid date string" or "valid global date and time string" (at
# most three fractional digits, an offset or Z).
DATE = r"\d{4}-\d{2}-\d{2}"
GLOBAL_DATETIME = DATE + r"T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})"
VALID_DATETIME = re.compile(rf"^({DATE}|{GLOBAL_DATETIME})$")


class Outline(HTMLParser):
    """The page's ``<time datetime>`` values, form actions and heading levels."""

    def __init__(self) -> None:
        super().__init__()
        self.datetimes: list[str] = []
        self.form_actions: list[str | None] = []
        self.headings: list[int] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "time" and "datetime" in attributes:
            self.datetimes.append(attributes["datetime"] or "")
        elif tag == "form":
            self.form_actions.append(attributes.get("action"))
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def outline(response) -> Outline:
    parser = Outline()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def pages(published_claim):
    """A claim with a timeline, checked evidence and a correction, in a list."""
    EvidenceFactory(
        claim=published_claim,
        last_checked_at=datetime(2024, 5, 4, 20, 49, 7, 123456, tzinfo=UTC),
    )
    rerate(
        published_claim,
        Rating.objects.get(slug="mostly-true"),
        kind="correction",
        reason="The count includes contractors.",
    )
    ClaimFactory(published=True, article=published_claim.article)
    return published_claim


def page_urls(claim, language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "detail": claim.get_absolute_url(),
            "list": reverse("claims:list"),
            "search": reverse("claims:list") + "?q=Xiaomi",
            "home": reverse("claims:home"),
            "article": claim.article.get_absolute_url(),
            "speaker": claim.speaker.get_absolute_url(),
            "corrections": reverse("claims:corrections"),
        }


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_type_has_valid_dates_forms_and_heading_order(
    pages, client, language
):
    seen_datetimes = []
    for name, url in page_urls(pages, language).items():
        response = client.get(url)
        assert response.status_code == 200, name
        page = outline(response)
        for value in page.datetimes:
            assert VALID_DATETIME.match(value), (name, value)
        seen_datetimes += page.datetimes
        assert "" not in page.form_actions, name
        assert page.headings[0] == 1, (name, page.headings)
        assert page.headings.count(1) == 1, (name, page.headings)
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, (name, page.headings)
    # Times with an offset are present (the claim page's timeline, the
    # evidence check, the corrections page), not just dates.
    assert any("T" in value for value in seen_datetimes)


def test_times_are_whole_seconds_in_the_site_time_zone():
    moment = datetime(2024, 5, 4, 20, 49, 7, 123456, tzinfo=UTC)
    assert html_datetime(moment) == (
        timezone.localtime(moment).replace(microsecond=0).isoformat()
    )
    assert html_datetime(moment).endswith("+08:00")
    assert html_datetime(moment.date()) == "2024-05-04"
    assert html_datetime(None) == ""
