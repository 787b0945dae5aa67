"""The OpenAPI schema documents every endpoint, and the API keeps to it."""

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claims.models import EditorialState
from tests.factories import ClaimFactory, EvidenceFactory, FlagFactory

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 10


@pytest.fixture
def application():
    """The WSGI app, called in-process inside the test's transaction.

    Django closes "old" database connections around each request; the test
    client switches that off, and so must any other in-process caller, or the
    test's transaction would be closed under it.
    """
    from tracker.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(application):
    # Every endpoint the schema documents: the claims API and intake's.
    return schemathesis.openapi.from_wsgi("/api/schema/", application).include(
        path_regex="^/api/(v1|intake)/"
    )


@pytest.fixture
def known_paths(db) -> dict[str, list]:
    """Rows that generated requests may address, by kind."""
    claim = ClaimFactory(published=True, slug="a")
    ClaimFactory(state=EditorialState.DRAFT, slug="b")
    return {
        "claims": ["a", "b"],
        "evidence": [EvidenceFactory(claim=claim).pk],
        "flags": [FlagFactory(claim=claim).pk],
    }


def _known_parameters(path: str, known_paths) -> dict[str, list]:
    if "{slug}" in path:
        return {"slug": known_paths["claims"]}
    if path.startswith("/api/v1/evidence/"):
        return {"id": known_paths["evidence"]}
    if path.startswith("/api/v1/flags/"):
        return {"id": known_paths["flags"]}
    return {}


def _strategy(operation, known_paths):
    """Generated cases; half of them aimed at rows that exist."""
    known = _known_parameters(operation.path, known_paths)
    if not known:
        return operation.as_strategy()

    def aim(case, picks):
        case.path_parameters.update(picks)
        return case

    picks = st.fixed_dictionaries(
        {name: st.sampled_from(values) for name, values in known.items()}
    )
    return st.one_of(
        operation.as_strategy(),
        st.builds(aim, operation.as_strategy(), picks),
    )


def run_every_operation(
    schema, headers: dict[str, str], known_paths, cookies: dict[str, str] | None = None
) -> int:
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=_strategy(operation, known_paths))
        def check(case):
            if cookies:
                case.cookies = {**(case.cookies or {}), **cookies}
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()
    return operations


def test_the_schema_is_valid_openapi_3_without_warnings(tmp_path):
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yaml"),
    )

    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


def test_swagger_ui_is_served(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_every_operation_documents_its_errors(client):
    schema = client.get("/api/schema/?format=json").json()

    paths = {p: m for p, m in schema["paths"].items() if p.startswith("/api/v1/")}
    assert len(paths) >= 14
    for path, methods in paths.items():
        for method, operation in methods.items():
            documented = set(operation["responses"])
            assert {"400", "401", "404", "429"} <= documented, (path, method)
            if method != "get":
                assert "403" in documented, (path, method)
            if method == "patch" or path.endswith("/resolve/"):
                assert "409" in documented, (path, method)


def test_anonymous_requests_keep_to_the_schema(api_schema, known_paths):
    # Schemathesis' WSGI client asks for gzip and does not decode it.
    identity = {"Accept-Encoding": "identity"}
    assert run_every_operation(api_schema, identity, known_paths) >= 14


def test_editor_requests_keep_to_the_schema(api_schema, known_paths, editor):
    token = Token.objects.create(user=editor)

    run_every_operation(
        api_schema, {"Authorization": f"Token {token.key}"}, known_paths
    )


def test_signed_in_editor_session_requests_keep_to_the_schema(
    api_schema, known_paths, editor
):
    """As the editor's browser would call it: the session cookie and the CSRF
    token (cookie and header), which writes through a session need."""
    browser = Client()
    browser.force_login(editor)
    session = browser.cookies[django_settings.SESSION_COOKIE_NAME].value
    csrf = get_random_string(32)
    cookies = {
        django_settings.SESSION_COOKIE_NAME: session,
        django_settings.CSRF_COOKIE_NAME: csrf,
    }
    headers = {"X-CSRFToken": csrf, "Accept-Encoding": "identity"}

    assert run_every_operation(api_schema, headers, known_paths, cookies) >= 15
