"""The JSON the read endpoints send validates against the published OpenAPI
schema (components' ``$ref``s resolved), whatever is null in the data: claims
with and without deadlines, ratings or reason codes, drafts, re-rated and
retracted claims, on every page of the list."""

from __future__ import annotations

import json
from datetime import date

import jsonschema
import pytest
from django.utils import timezone

from claims.models import ClaimKind, EditorialState, Rating
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    FlagFactory,
    claim_due,
)
from tests.helpers.claims import rerate
from tests.helpers.openapi import schema_problems

pytestmark = pytest.mark.django_db


def json_schema(node):
    """OpenAPI 3.0's schema dialect as JSON Schema: ``nullable: true`` also
    allows null, whatever else the schema says (``allOf`` of a ``$ref``
    included), as OpenAPI validators read it."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: json_schema(value) for key, value in node.items()}
    if converted.pop("nullable", False):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@pytest.fixture
def openapi(anon_client) -> dict:
    response = anon_client.get("/api/schema/", {"format": "json", "lang": "en"})
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def check(openapi):
    """Validate a response against the schema of its operation and status."""
    components = json_schema(openapi["components"])
    # OpenAPI 3.1's schemas are JSON Schema 2020-12; 3.0's are close to draft 4.
    dialect = (
        jsonschema.Draft202012Validator
        if openapi["openapi"].startswith("3.1")
        else jsonschema.Draft4Validator
    )
    problems: list[str] = []

    def validate(response, path: str, method: str = "get") -> None:
        operation = openapi["paths"][path][method]
        status = str(response.status_code)
        content = operation["responses"][status]["content"]
        schema = json_schema(content["application/json"]["schema"])
        validator = dialect(
            {"components": components, "allOf": [schema]},
            format_checker=dialect.FORMAT_CHECKER,
        )
        for error in validator.iter_errors(response.json()):
            where = "/".join(str(part) for part in error.absolute_path)
            problems.append(f"{method.upper()} {path} {where}: {error.message}")

    yield validate
    assert problems == []


@pytest.fixture
def claims(db):
    """Claims whose outputs have each nullable part both empty and filled."""
    article = ArticleFactory(published_on=None)
    made = [
        ClaimFactory(published=True, article=article, claimed_on=None),
        ClaimFactory(published=True, due_h1_2024=True),
        claim_due(date(2031, 1, 31), state=EditorialState.PUBLISHED),
        ClaimFactory(state=EditorialState.DRAFT, rating=None),
        ClaimFactory(kind=ClaimKind.PREDICTION, published=True),
    ]
    rerated = ClaimFactory(published=True)
    rerate(rerated, Rating.objects.get(slug="mostly-true"), kind="update", reason="R.")
    retracted = ClaimFactory(published=True)
    retracted.state = EditorialState.RETRACTED
    retracted.retracted_at = timezone.now()
    retracted.retraction_reason = "Misquoted."
    retracted.save()
    EvidenceFactory(claim=rerated, published_on=None)
    FlagFactory(claim=rerated)
    # Enough to fill several pages at page_size=3.
    made += [ClaimFactory(published=True) for _ in range(4)]
    return [*made, rerated, retracted]


def test_nullable_objects_say_so_in_a_way_every_validator_reads(openapi):
    """Not OpenAPI 3.0's ``nullable`` beside an ``allOf``, which strict
    validators ignore (it counts only beside a ``type``)."""
    problems = []

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("nullable") and "type" not in node:
                problems.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(openapi, "#")
    assert problems == []
    claim = openapi["components"]["schemas"]["ClaimListOutput"]["properties"]
    assert {"type": "null"} in claim["deadline"]["oneOf"]


def test_every_page_of_the_claims_list_matches(editor_client, check, claims):
    url = "/api/v1/claims/?page_size=3"
    seen = 0
    while url:
        response = editor_client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        check(response, "/api/v1/claims/")
        seen += len(response.json()["results"])
        url = response.json()["next"]
    assert seen == len(claims)


def test_the_public_claims_list_matches(anon_client, check, claims):
    response = anon_client.get("/api/v1/claims/", HTTP_ACCEPT="application/json")
    check(response, "/api/v1/claims/")


def test_each_claims_detail_matches(editor_client, check, claims):
    for claim in claims:
        response = editor_client.get(f"/api/v1/claims/{claim.slug}/")
        assert response.status_code == 200
        check(response, "/api/v1/claims/{slug}/")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/speakers/",
        "/api/v1/articles/",
        "/api/v1/ratings/",
        "/api/v1/claimreview/",
    ],
)
def test_the_other_read_endpoints_match(anon_client, check, claims, path):
    response = anon_client.get(path, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    check(response, path)


def test_a_missing_claim_matches_the_error_schema(anon_client, check):
    response = anon_client.get("/api/v1/claims/no-such-claim/")
    assert response.status_code == 404
    check(response, "/api/v1/claims/{slug}/")


def test_a_claimreview_import_and_its_refusal_match(editor_client, check):
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example/2024/ev-sales.html",
        "claimReviewed": "小米汽车首年交付超过十万辆。",
        "reviewRating": {"@type": "Rating", "alternateName": "True"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "雷军"},
            "firstAppearance": {
                "@type": "CreativeWork",
                "headline": "年度演讲",
                "url": "https://news.example/speech",
            },
        },
    }
    path = "/api/v1/claimreview/import/"
    response = editor_client.post(path, [review], format="json")
    assert response.status_code == 201, response.content
    check(response, path, "post")
    refused = editor_client.post(path, [], format="json")
    assert refused.status_code == 400
    check(refused, path, "post")


def test_an_answer_the_schema_does_not_describe_fails_the_api_test(anon_client):
    """The test clients check every JSON answer: a body that breaks the
    schema, or a status it does not document, is reported with the request,
    the status and the JSON pointer."""
    ClaimFactory(published=True)
    response = anon_client.get("/api/v1/claims/")
    body = response.json()
    body["results"][0]["slug"] = 5
    body["next"] = 7
    response.content = json.dumps(body).encode()
    assert sorted(schema_problems(response)) == [
        "GET /api/v1/claims/ -> 200 at /next: 7 is not of type 'string', 'null'",
        "GET /api/v1/claims/ -> 200 at /results/0/slug: 5 is not of type 'string'",
    ]
    response.status_code = 418
    [problem] = schema_problems(response)
    assert problem.startswith(
        "GET /api/v1/claims/ -> 418: status 418 is not documented"
    )
