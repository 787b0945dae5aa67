"""Every JSON answer an API test receives (a streamed one read whole) is
checked against the OpenAPI schema drf-spectacular generates (the one
/api/schema/ serves): the
operation's documented status, media type and body (JSON Schema 2020-12,
OpenAPI 3.1's dialect, with formats checked). A mismatch fails the test
with the request, the status and the JSON pointer of each problem."""

from __future__ import annotations

import functools
import json

import jsonschema
from django.urls import Resolver404, resolve
from django.utils import translation
from rest_framework.test import APIClient


@functools.cache
def openapi_schema() -> dict:
    """The schema /api/schema/ serves, in English, as JSON."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return json.loads(OpenApiJsonRenderer().render(schema))


def documented_path(path: str) -> str | None:
    """The schema's name for the URL ``path`` ("/api/v1/claims/{slug}/"),
    or None where no view of the site answers it."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    route = match.route
    if route.startswith("^"):
        return None  # a regular expression: the API's catch-all 404
    while "<" in route:
        start, end = route.index("<"), route.index(">")
        name = route[start + 1 : end].split(":")[-1]
        route = route[:start] + "{" + name + "}" + route[end + 1 :]
    return "/" + route


@functools.cache
def _validator(path: str, method: str, status: str, media_type: str):
    """The body's validator, or a string saying what the schema lacks."""
    schema = openapi_schema()
    operation = schema["paths"].get(path, {}).get(method)
    if operation is None:
        return None
    responses = operation.get("responses", {})
    response = responses.get(status) or responses.get("default")
    if response is None:
        return f"status {status} is not documented (documented: {sorted(responses)})"
    content = response.get("content", {})
    if media_type not in content:
        return f"{media_type} is not documented for {status} ({sorted(content)})"
    body = content[media_type].get("schema")
    if body is None:
        return None
    validator = jsonschema.Draft202012Validator
    return validator(
        {"components": schema["components"], "allOf": [body]},
        format_checker=validator.FORMAT_CHECKER,
    )


def media_type_of(response) -> str:
    return response.get("Content-Type", "").split(";")[0].strip()


def read_streamed_json(response) -> None:
    """Read a streamed JSON answer whole, as a program reading it would:
    ``json()`` then gives the body, and ``streaming_content`` still does."""
    if not response.streaming or not media_type_of(response).endswith("json"):
        return
    body = b"".join(response.streaming_content)
    response.streaming_content = [body]
    response.json = lambda **kwargs: json.loads(body, **kwargs)
    response.streamed_body = body


def schema_problems(response) -> list[str]:
    """What in ``response`` (a test client's answer) the schema does not
    allow; empty for answers that are not JSON or not the API's."""
    request = response.wsgi_request
    method = request.method.lower()
    media_type = media_type_of(response)
    if response.streaming:
        body = getattr(response, "streamed_body", b"")
    else:
        body = response.content
    if method == "head" or not media_type.endswith("json") or not body:
        return []
    path = documented_path(request.path)
    if path is None:
        return []
    if path not in openapi_schema()["paths"]:
        # drf-spectacular names a "pk" parameter "id" (SCHEMA_COERCE_PATH_PK).
        path = path.replace("{pk}", "{id}")
        if path not in openapi_schema()["paths"]:
            return []
    where = f"{request.method} {request.get_full_path()} -> {response.status_code}"
    validator = _validator(path, method, str(response.status_code), media_type)
    if validator is None:
        return []
    if isinstance(validator, str):
        return [f"{where}: {validator}"]
    return [
        f"{where} at /{'/'.join(str(part) for part in error.absolute_path)}: "
        f"{error.message}"
        for error in validator.iter_errors(json.loads(body))
    ]


class SchemaCheckedAPIClient(APIClient):
    """DRF's test client, failing the test on an answer the OpenAPI schema
    does not describe."""

    def request(self, **kwargs):
        response = super().request(**kwargs)
        read_streamed_json(response)
        if problems := schema_problems(response):
            raise AssertionError(
                "The answer does not match the OpenAPI schema:\n" + "\n".join(problems)
            )
        return response
