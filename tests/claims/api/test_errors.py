"""Errors in the API's one shape: unknown paths, methods, tokens and input."""

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory
from tests.helpers.api import assert_error

pytestmark = pytest.mark.django_db

LIST = reverse("api:claim-list")


def test_an_unknown_api_path_is_a_json_404(anon_client):
    error = assert_error(anon_client.get("/api/v1/nothing-here/"), 404, "not_found")

    assert "/api/v1/nothing-here/" in error["message"]


def test_a_method_the_endpoint_lacks_is_a_405_in_the_error_shape(anon_client):
    assert_error(anon_client.delete(LIST), 405, "method_not_allowed")


def test_an_invalid_token_is_a_401(anon_client):
    anon_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert_error(anon_client.get(LIST), 401, "authentication_failed")


def test_nul_characters_in_the_query_are_a_400(anon_client):
    error = assert_error(anon_client.get(LIST, {"search": "a\x00b"}), 400)

    assert list(error["fields"]) == ["search"]


def test_the_api_has_no_language_prefix(anon_client):
    ClaimFactory(published=True)

    assert anon_client.get("/api/v1/claims/").status_code == 200
    assert anon_client.get("/en/api/v1/claims/").status_code == 404
