"""Calling the API: token-authenticated clients, whose every JSON answer is
checked against the OpenAPI schema (``tests.helpers.openapi``), and the one
error shape."""

from __future__ import annotations

from rest_framework.authtoken.models import Token

from tests.helpers.openapi import SchemaCheckedAPIClient


def token_client(user) -> SchemaCheckedAPIClient:
    """An API client that sends ``user``'s token, as a program would."""
    client = SchemaCheckedAPIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The response is an error in the API's one shape; returns its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["status"] == status
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code
    return error


def slugs(response) -> list[str]:
    """The slugs of a successful list response's results, in order."""
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]
