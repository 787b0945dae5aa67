"""Through the API, flags and ratings agree: "re-rated" needs a new rating,
and a new rating closes the flags it answers when asked to."""

import pytest
from django.urls import reverse

from claims.models import FlagReason, FlagResolution
from claims.services.scans import claims_deadline_scan
from tests.factories import ClaimFactory
from tests.helpers.api import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(db, settings):
    # A reviewer's own re-rating of a published claim applies at once.
    settings.ALLOW_SELF_PUBLISH = True
    claim = ClaimFactory(due_h1_2024=True, published=True)
    claims_deadline_scan(raised_by="tests")
    claim.refresh_from_db()
    return claim


def detail(claim) -> str:
    return reverse("api:claim-detail", kwargs={"slug": claim.slug})


def resolve(flag) -> str:
    return reverse("api:flag-resolve", kwargs={"pk": flag.pk})


def re_rating(claim, **extra) -> dict:
    return {
        "version": claim.version,
        "rating": "stalled",
        "change_kind": "update",
        "change_reason": "No production line by mid-2024.",
        **extra,
    }


def test_resolving_as_re_rated_needs_a_new_rating(overdue, reviewer_client):
    flag = overdue.flags.get()
    body = {"resolution": "re_rated", "note": "Rated stalled."}

    error = assert_error(reviewer_client.post(resolve(flag), body, format="json"), 400)
    assert list(error["fields"]) == ["resolution"]
    assert "自提醒产生以来未曾改变" in error["fields"]["resolution"][0]
    flag.refresh_from_db()
    assert flag.is_open

    response = reviewer_client.patch(detail(overdue), re_rating(overdue), format="json")
    assert response.status_code == 200, response.content
    answer = reviewer_client.post(resolve(flag), body, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["resolution"] == FlagResolution.RE_RATED


def test_a_re_rating_closes_its_open_flags_when_asked(overdue, reviewer_client):
    response = reviewer_client.patch(
        detail(overdue), re_rating(overdue, resolve_flags=True), format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["review"]["open_flags"] == []
    flag = overdue.flags.get()
    assert (flag.reason, flag.resolution) == (
        FlagReason.DEADLINE_PASSED,
        FlagResolution.RE_RATED,
    )
    assert flag.resolution_note == "No production line by mid-2024."


def test_resolve_flags_by_id_and_its_errors(overdue, reviewer_client):
    flag = overdue.flags.get()
    other = ClaimFactory()

    wrong_shape = assert_error(
        reviewer_client.patch(
            detail(overdue), re_rating(overdue, resolve_flags="all"), format="json"
        ),
        400,
    )
    assert list(wrong_shape["fields"]) == ["resolve_flags"]

    foreign = assert_error(
        reviewer_client.patch(
            detail(overdue),
            re_rating(overdue, resolve_flags=[flag.pk, other.pk + 10_000]),
            format="json",
        ),
        400,
    )
    assert "resolve_flags" in foreign["fields"]
    overdue.refresh_from_db()
    assert overdue.rating.slug != "stalled"

    no_rating = assert_error(
        reviewer_client.patch(
            detail(overdue),
            {"version": overdue.version, "resolve_flags": [flag.pk]},
            format="json",
        ),
        400,
    )
    assert "只有给出新评级" in no_rating["fields"]["resolve_flags"][0]

    response = reviewer_client.patch(
        detail(overdue), re_rating(overdue, resolve_flags=[flag.pk]), format="json"
    )
    assert response.status_code == 200, response.content
    flag.refresh_from_db()
    assert flag.resolution == FlagResolution.RE_RATED
