"""What a request that fails on the server's side answers: a database out
of reach is a 503 with Retry-After, anything else a 500; the API's JSON
error shape under /api/, the reader's error page elsewhere."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client

from claims import selectors
from tests.helpers.api import assert_error
from tests.helpers.pages import url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_client(no_page_cache) -> Client:
    return Client(raise_request_exception=False)


def failing(error: Exception):
    def fail(*args, **kwargs):
        raise error

    return fail


@pytest.fixture
def database_gone(monkeypatch):
    gone = failing(OperationalError("connection refused"))
    monkeypatch.setattr(selectors, "claim_list_visible", gone)
    monkeypatch.setattr(selectors, "claim_list_public", gone)


@pytest.fixture
def bug(monkeypatch):
    broken = failing(RuntimeError("a bug"))
    monkeypatch.setattr(selectors, "claim_list_visible", broken)
    monkeypatch.setattr(selectors, "claim_list_public", broken)


def test_the_api_answers_503_in_its_error_shape_without_its_database(
    browser_client, database_gone
):
    response = browser_client.get("/api/v1/claims/")
    error = assert_error(response, 503, "service_unavailable")
    assert "数据库" in error["message"]
    assert int(response["Retry-After"]) > 0


def test_the_site_answers_its_503_page_without_its_database(
    browser_client, database_gone
):
    response = browser_client.get(url_in("en", "claims:list"))
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "Temporarily unavailable" in response.content.decode()


def test_a_bug_in_the_api_is_a_json_500(browser_client, bug):
    error = assert_error(browser_client.get("/api/v1/claims/"), 500, "server_error")
    assert error["message"]


def test_a_bug_on_the_site_is_the_500_page(browser_client, bug):
    response = browser_client.get(url_in("zh-hans", "claims:list"))
    assert response.status_code == 500
    assert "Retry-After" not in response
