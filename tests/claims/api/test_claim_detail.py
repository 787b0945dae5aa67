import pytest
from django.urls import reverse

from claims import services
from claims.models import EditorialState, LinkHealth, Rating, ReasonCode
from tests.factories import ClaimFactory, EvidenceFactory, FlagFactory
from tests.helpers.api import assert_error
from tests.helpers.claims import rerate

pytestmark = pytest.mark.django_db


def url(claim) -> str:
    return reverse("api:claim-detail", kwargs={"slug": claim.slug})


def test_a_published_claim_comes_with_evidence_and_link_health(anon_client):
    claim = ClaimFactory(published=True)
    EvidenceFactory(claim=claim, position=2, title="second")
    EvidenceFactory(
        claim=claim, position=1, title="first", health=LinkHealth.DEAD, http_status=404
    )

    body = anon_client.get(url(claim)).json()

    assert body["slug"] == claim.slug
    assert [item["title"] for item in body["evidence"]] == ["first", "second"]
    assert body["evidence"][0]["health"]["status"] == "dead"
    assert body["evidence"][0]["health"]["http_status"] == 404
    assert body["evidence"][1]["health"]["status"] == "unchecked"


def test_the_timeline_shows_publication_and_re_rating_but_not_draft_edits(
    anon_client, reviewer
):
    claim = ClaimFactory(state=EditorialState.IN_REVIEW)
    claim.rating = Rating.objects.get(slug="false")  # a private draft edit
    claim.reason_code = ReasonCode.objects.get(slug="data-contradicts")
    claim.save()
    services.claim_publish(claim=claim, user=reviewer)
    claim.refresh_from_db()
    rerate(
        claim,
        Rating.objects.get(slug="mostly-true"),
        kind="update",
        reason="New figures from the annual report.",
    )

    timeline = anon_client.get(url(claim)).json()["timeline"]

    assert [entry["event"] for entry in timeline] == ["published", "rerated"]
    assert timeline[0]["rating"]["slug"] == "false"
    assert timeline[1]["previous_rating"]["slug"] == "false"
    assert timeline[1]["rating"]["slug"] == "mostly-true"
    assert timeline[1]["reason"] == "New figures from the annual report."


def test_open_flags_show_the_claim_is_under_review(anon_client):
    claim = ClaimFactory(published=True)
    FlagFactory(claim=claim)

    review = anon_client.get(url(claim)).json()["review"]

    assert review["under_review"] is True
    assert [flag["reason"] for flag in review["open_flags"]] == ["manual"]


def test_a_claim_without_open_flags_is_not_under_review(anon_client):
    review = anon_client.get(url(ClaimFactory(published=True))).json()["review"]

    assert review == {
        "under_review": False,
        "open_flags": [],
        "last_reviewed_at": None,
        "next_review_at": None,
    }


@pytest.mark.parametrize("state", [EditorialState.DRAFT, EditorialState.IN_REVIEW])
def test_unpublished_claims_are_404_for_anonymous_readers(anon_client, state):
    claim = ClaimFactory(state=state)

    assert_error(anon_client.get(url(claim)), 404, "not_found")


def test_signed_in_users_without_editor_rights_do_not_see_drafts(outsider_client):
    claim = ClaimFactory(state=EditorialState.DRAFT)

    assert_error(outsider_client.get(url(claim)), 404)


def test_editors_see_drafts(editor_client):
    claim = ClaimFactory(state=EditorialState.DRAFT)

    assert editor_client.get(url(claim)).json()["state"] == "draft"


def test_an_unknown_slug_is_a_404_in_the_error_shape(anon_client):
    error = assert_error(
        anon_client.get(reverse("api:claim-detail", kwargs={"slug": "nope"})), 404
    )
    assert error["code"] == "not_found"


def test_query_count_does_not_grow_with_evidence(
    anon_client, django_assert_max_num_queries
):
    claim = ClaimFactory(published=True)
    EvidenceFactory.create_batch(3, claim=claim)
    with django_assert_max_num_queries(9):
        assert len(anon_client.get(url(claim)).json()["evidence"]) == 3
    EvidenceFactory.create_batch(30, claim=claim)
    with django_assert_max_num_queries(9):
        assert len(anon_client.get(url(claim)).json()["evidence"]) == 33
