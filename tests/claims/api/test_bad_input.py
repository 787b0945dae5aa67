"""Bad input to the API gets a clear message per field and writes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Claim, Evidence
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(editor):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(editor)
    return client


@pytest.fixture
def new_claim():
    speaker, article = SpeakerFactory(), ArticleFactory()
    return {
        "slug": "new-claim",
        "text": "小米汽车将于2024年上半年量产。",
        "speaker": speaker.slug,
        "article": article.slug,
        "kind": "prediction",
    }


def fields_of(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"text": "长" * 2001}, "text", "no more than 2000"),
        (
            {
                "due_start": "2024-06-30",
                "due_end": "2024-01-01",
                "due_precision": "day",
            },
            "due_start",
            "cannot end before",
        ),
        ({"claimed_on": "17/08/2023"}, "claimed_on", "Date has wrong format"),
    ],
)
def test_the_api_refuses_bad_claims_and_writes_nothing(
    api, new_claim, change, field, message
):
    ClaimFactory(slug="taken")
    before = Claim.objects.count()

    response = api.post(reverse("api:claim-list"), new_claim | change, format="json")

    errors = fields_of(response)
    joined = " ".join(" ".join(v) for v in errors.values())
    assert field in errors or field == "due_start", errors
    assert message.lower() in joined.lower(), errors
    assert Claim.objects.count() == before


@pytest.mark.parametrize(
    "body",
    [b'{"slug": "x", "text": "\\ud800"}', b'{"slug": "x", "text": "a\\u0000b"}'],
)
def test_invalid_unicode_in_json_is_a_400_not_a_500(api, body):
    response = api.post(
        reverse("api:claim-list"), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "Enter a valid URL"),
        ("file:///etc/passwd", "Enter a valid URL"),
        ("https://bank.example@evil.example/", "user name or password"),
        ("ftp://files.example.org/report.pdf", "http:// or https://"),
    ],
)
def test_evidence_urls_are_refused_by_the_model_and_the_api(api, url, message):
    claim = ClaimFactory()
    evidence = Evidence(claim=claim, title="来源", url=url)
    with pytest.raises(ValidationError) as error:
        evidence.full_clean()
    assert "url" in error.value.message_dict

    response = api.post(
        reverse("api:evidence-create", kwargs={"slug": claim.slug}),
        {"title": "来源", "url": url},
        format="json",
    )
    assert response.status_code == 400
    assert not claim.evidence.exists()
    if message != "Enter a valid URL":  # the API's URLField says it its own way
        assert message in " ".join(response.json()["error"]["fields"]["url"])
