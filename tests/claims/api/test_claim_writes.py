import pytest
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from claims import services
from claims.models import Claim, EditorialState
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, TopicFactory
from tests.helpers.api import assert_error

pytestmark = pytest.mark.django_db

LIST = reverse("api:claim-list")


def detail(claim) -> str:
    return reverse("api:claim-detail", kwargs={"slug": claim.slug})


def publish(claim) -> str:
    return reverse("api:claim-publish", kwargs={"slug": claim.slug})


@pytest.fixture
def new_claim():
    return {
        "slug": "xiaomi-ai-team-1200",
        "text": "小米AI团队有超过1200人。",
        "text_en": "Xiaomi's AI team has over 1,200 people.",
        "speaker": SpeakerFactory(slug="lei-jun").slug,
        "article": ArticleFactory(slug="speech-2023").slug,
        "kind": "statistic",
        "claimed_on": "2023-08-14",
        "rating": "mostly-true",
        "rating_explanation": "公开报道的数字接近。",
        "topics": [TopicFactory(slug="ai").slug],
    }


# --- create ---------------------------------------------------------------------


def test_an_editor_creates_a_draft_claim(editor_client, editor, new_claim):
    response = editor_client.post(LIST, new_claim, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft"
    assert body["rating"]["slug"] == "mostly-true"
    assert [topic["slug"] for topic in body["topics"]] == ["ai"]
    claim = Claim.objects.get(slug="xiaomi-ai-team-1200")
    assert claim.speaker.slug == "lei-jun"
    assert claim.rated_at is not None
    assert claim.history.first().history_user == editor


def test_anonymous_writes_are_401(anon_client, new_claim):
    response = anon_client.post(LIST, new_claim, format="json")

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"
    assert not Claim.objects.exists()


def test_accounts_without_editor_rights_get_403(outsider_client, new_claim):
    assert_error(outsider_client.post(LIST, new_claim, format="json"), 403)
    assert not Claim.objects.exists()


def test_a_rating_that_does_not_fit_the_kind_is_a_field_error(editor_client, new_claim):
    new_claim["kind"] = "prediction"  # veracity ratings do not rate predictions

    error = assert_error(editor_client.post(LIST, new_claim, format="json"), 400)

    assert list(error["fields"]) == ["rating"]
    assert "不能用于预测类声明" in error["fields"]["rating"][0]
    assert not Claim.objects.exists()


def test_the_admins_deadline_rules_apply(editor_client, new_claim):
    new_claim.update(kind="prediction", rating="in-progress", due_end="2024-06-30")

    error = assert_error(editor_client.post(LIST, new_claim, format="json"), 400)

    assert {"due_start", "due_precision"} <= set(error["fields"])


def test_type_errors_and_unknown_slugs_are_reported_per_field(editor_client, new_claim):
    new_claim.update(speaker="nobody", kind="poem", claimed_on="soon")
    del new_claim["text"]

    error = assert_error(editor_client.post(LIST, new_claim, format="json"), 400)

    assert set(error["fields"]) == {"speaker", "kind", "claimed_on", "text"}
    assert "nobody" in error["fields"]["speaker"][0]


def test_a_taken_slug_is_a_field_error(editor_client, new_claim):
    ClaimFactory(slug=new_claim["slug"])

    response = editor_client.post(
        LIST, new_claim, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    error = assert_error(response, 400)
    assert list(error["fields"]) == ["slug"]
    assert "already exists" in error["fields"]["slug"][0]
    assert Claim.objects.count() == 1


def test_malformed_json_is_a_400_in_the_error_shape(editor_client):
    response = editor_client.post(LIST, "{not json", content_type="application/json")

    assert_error(response, 400, "parse_error")


# --- update ---------------------------------------------------------------------


def test_an_update_based_on_the_current_version_is_saved(editor_client):
    claim = ClaimFactory()

    response = editor_client.patch(
        detail(claim),
        {"version": claim.version, "text_en": "Updated rendering"},
        format="json",
    )

    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert claim.text_en == "Updated rendering"
    assert response.json()["version"] == claim.version


def test_a_stale_update_is_a_409_and_overwrites_nothing(editor_client, second_editor):
    from tests.helpers.api import token_client

    claim = ClaimFactory(text_en="original")
    read_version = claim.version
    other = token_client(second_editor)
    first = other.patch(
        detail(claim),
        {"version": read_version, "text_en": "first editor wins"},
        format="json",
    )
    assert first.status_code == 200

    response = editor_client.patch(
        detail(claim),
        {"version": read_version, "text_en": "second editor loses"},
        format="json",
    )

    error = assert_error(response, 409, "conflict")
    claim.refresh_from_db()
    assert error["current"] == {"version": claim.version}
    assert claim.version != read_version
    assert claim.text_en == "first editor wins"


def test_an_update_without_a_version_is_refused(editor_client):
    claim = ClaimFactory()

    error = assert_error(
        editor_client.patch(detail(claim), {"text_en": "x"}, format="json"), 400
    )

    assert list(error["fields"]) == ["version"]


def test_an_invalid_update_changes_nothing(editor_client):
    claim = ClaimFactory(text_en="kept")

    response = editor_client.patch(
        detail(claim),
        {"version": claim.version, "text_en": "lost", "rating": "kept"},
        format="json",
    )

    assert_error(response, 400)
    claim.refresh_from_db()
    assert claim.text_en == "kept"


def test_anonymous_and_outsiders_cannot_update(anon_client, outsider_client):
    claim = ClaimFactory(published=True)
    body = {"version": claim.version, "text_en": "x"}

    assert_error(anon_client.patch(detail(claim), body, format="json"), 401)
    assert_error(outsider_client.patch(detail(claim), body, format="json"), 403)


# --- publish --------------------------------------------------------------------


def test_a_reviewer_publishes_a_claim(reviewer_client, anon_client):
    claim = ClaimFactory(state=EditorialState.IN_REVIEW)

    response = reviewer_client.post(publish(claim))

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "published"
    assert anon_client.get(detail(claim)).status_code == 200


def test_an_editor_may_not_publish(editor_client):
    claim = ClaimFactory(state=EditorialState.IN_REVIEW)

    error = assert_error(editor_client.post(publish(claim)), 403, "permission_denied")

    assert "审核人" in error["message"]
    claim.refresh_from_db()
    assert claim.state == EditorialState.IN_REVIEW


def test_anonymous_publishing_is_401(anon_client):
    claim = ClaimFactory(state=EditorialState.IN_REVIEW)

    assert_error(anon_client.post(publish(claim)), 401)


def test_publishing_a_claim_without_rating_is_a_400(reviewer_client):
    claim = ClaimFactory(state=EditorialState.IN_REVIEW, rating=None)

    error = assert_error(reviewer_client.post(publish(claim)), 400)

    assert "rating" in error["fields"]


def test_an_editor_submits_a_draft_for_review(editor_client):
    claim = ClaimFactory()

    response = editor_client.post(
        reverse("api:claim-submit", kwargs={"slug": claim.slug})
    )

    assert response.json()["state"] == "in_review"


def test_a_reviewer_retracts_with_a_reason(reviewer_client, editor_client):
    claim = ClaimFactory(published=True)
    retract = reverse("api:claim-retract", kwargs={"slug": claim.slug})

    assert_error(editor_client.post(retract, {"reason": "x"}, format="json"), 403)
    response = reviewer_client.post(retract, {"reason": "Wrong source."}, format="json")

    assert response.json()["state"] == "retracted"
    assert response.json()["retraction_reason"] == "Wrong source."


# --- session authentication -----------------------------------------------------


def test_session_writes_need_the_csrf_token(editor, new_claim):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    refused = client.post(LIST, new_claim, content_type="application/json")
    assert_error(refused, 403)
    assert "CSRF" in refused.json()["error"]["message"]

    token = get_random_string(32)  # what a page's csrftoken cookie would hold
    client.cookies["csrftoken"] = token
    accepted = client.post(
        LIST, new_claim, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 201, accepted.content


def test_the_api_refuses_a_re_rating_without_a_reason(
    published_claim, editor_client, reviewer_client
):
    api = editor_client
    url = reverse("api:claim-detail", kwargs={"slug": published_claim.slug})
    payload = {"version": published_claim.version, "rating": "mostly-true"}

    response = api.patch(url, payload, format="json")
    assert response.status_code == 400
    assert {"change_kind", "change_reason"} <= set(response.json()["error"]["fields"])
    assert Claim.objects.get(pk=published_claim.pk).rating.slug == "true"

    payload |= {"change_kind": "update", "change_reason": "The 2024 report is out."}
    response = api.patch(url, payload, format="json")

    assert response.status_code == 202, response.content  # held for a reviewer
    approve = reverse("api:revision-approve", kwargs={"pk": response.json()["id"]})
    assert reviewer_client.post(approve, {}, format="json").status_code == 200
    entry = api.get(url).json()["timeline"][-1]
    assert entry["event"] == "rerated"
    assert entry["change_kind"] == "update"
    assert entry["reason"] == "The 2024 report is out."


def test_send_back_through_the_api_needs_a_comment(submitted_claim, reviewer_client):
    api = reviewer_client
    url = reverse("api:claim-send-back", kwargs={"slug": submitted_claim.slug})

    assert api.post(url, {}, format="json").status_code == 400
    response = api.post(url, {"comment": "Add the source."}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "draft"


def test_the_submitter_may_not_publish_their_own_claim(reviewer, reviewer_client):
    claim = services.claim_submit_for_review(claim=ClaimFactory(), user=reviewer)

    assert_error(reviewer_client.post(publish(claim)), 403)
    claim.refresh_from_db()
    assert claim.state == EditorialState.IN_REVIEW


def test_a_claim_created_without_slug_gets_a_readable_one(editor_client, new_claim):
    del new_claim["slug"]
    new_claim["text_en"] = ""

    response = editor_client.post(LIST, new_claim, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["slug"] == "xiao-mi-ai-tuan-dui-you-chao-guo-1200-ren"


def test_a_claim_takes_any_language_tag_and_refuses_what_is_not_one(
    editor_client, new_claim
):
    new_claim |= {"text": "Le chômage a baissé de moitié.", "language": "fr"}
    created = editor_client.post(LIST, new_claim, format="json")
    bad = editor_client.post(
        LIST, new_claim | {"slug": "other", "language": "français"}, format="json"
    )

    assert created.status_code == 201, created.content
    assert created.json()["language"] == "fr"
    assert "language" in assert_error(bad, 400)["fields"]
