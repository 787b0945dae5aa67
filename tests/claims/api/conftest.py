"""API clients for each kind of caller, every JSON answer checked against
the OpenAPI schema, and throttles out of the way."""

import pytest

from tests.factories import UserFactory
from tests.helpers.api import token_client
from tests.helpers.openapi import SchemaCheckedAPIClient

GENEROUS_RATES = {"anon": "100000/minute", "user": "100000/minute"}


@pytest.fixture(autouse=True)
def _api_settings(settings):
    """No throttling unless a test asks for it."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": GENEROUS_RATES,
    }


@pytest.fixture
def anon_client():
    return SchemaCheckedAPIClient()


@pytest.fixture
def editor_client(editor):
    return token_client(editor)


@pytest.fixture
def reviewer_client(reviewer):
    return token_client(reviewer)


@pytest.fixture
def outsider_client(db):
    """Signed in, but in no group: may read like anyone, write nothing."""
    return token_client(UserFactory(username="outsider-dave", is_staff=False))
