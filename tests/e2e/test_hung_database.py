"""A PostgreSQL that hangs (accepts, never answers) or refuses costs a
request its configured timeout, then a clear 503: the reader's "try again"
page on the site, the API's JSON error shape under /api/."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.test import Client

from tests.factories import ClaimFactory
from tests.helpers.pages import url_in
from tests.helpers.tcp_proxy import HangingProxy

# Transactional (``migration_data``): the test points the connection
# elsewhere, which a test wrapped in a transaction cannot.

CONNECT_TIMEOUT = 2  # libpq's minimum
STATEMENT_TIMEOUT = 1
# The watchdog's grace second and its polling, and a loaded machine.
MARGIN = 2.5


@pytest.fixture
def database_proxy(migration_data, no_page_cache) -> Iterator[HangingProxy]:
    """The test database reached through a proxy, with short time limits."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL test: run with DATABASE_URL=postgres://...")
    ClaimFactory(published=True, text="数据库停止应答前的声明")
    settings_dict = connection.settings_dict
    saved = (settings_dict["HOST"], settings_dict["PORT"], settings_dict["OPTIONS"])
    proxy = HangingProxy(saved[0] or "127.0.0.1", int(saved[1] or 5432))
    connection.close()
    settings_dict["HOST"] = "127.0.0.1"
    settings_dict["PORT"] = str(proxy.port)
    settings_dict["OPTIONS"] = {
        **saved[2],
        "connect_timeout": CONNECT_TIMEOUT,
        "statement_timeout": STATEMENT_TIMEOUT,
    }
    yield proxy
    proxy.resume()
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"], settings_dict["OPTIONS"] = saved
    proxy.stop()


@pytest.fixture
def browser_client() -> Client:
    """A client that gets the 500/503 page as a browser would."""
    return Client(raise_request_exception=False)


def timed_get(client, url, **headers):
    started = time.monotonic()
    response = client.get(url, **headers)
    return response, time.monotonic() - started


PAGES = [
    lambda: url_in("zh-hans", "claims:list"),
    lambda: url_in("en", "claims:home"),
]


@pytest.mark.parametrize("page", PAGES)
def test_a_hung_database_gives_the_reader_a_503_page_within_the_timeout(
    database_proxy, browser_client, page
):
    url = page()
    assert browser_client.get(url).status_code == 200  # connection open
    cache.clear()  # nothing of the page left in the fragment cache
    database_proxy.hang()
    response, seconds = timed_get(browser_client, url)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response["Content-Type"].startswith("text/html")
    assert seconds < STATEMENT_TIMEOUT + MARGIN
    page_text = response.content.decode()
    assert "暂时无法访问" in page_text or "Temporarily unavailable" in page_text


def test_a_hung_database_gives_api_clients_the_json_error_within_the_timeout(
    database_proxy, browser_client
):
    assert browser_client.get("/api/v1/claims/").status_code == 200
    cache.clear()
    database_proxy.hang()
    response, seconds = timed_get(browser_client, "/api/v1/claims/")
    assert response.status_code == 503
    assert seconds < STATEMENT_TIMEOUT + MARGIN
    error = response.json()["error"]
    assert error["status"] == 503
    assert error["code"] == "service_unavailable"
    assert "数据库" in error["message"]


def test_a_new_connection_to_a_hung_database_gives_up_at_the_connect_timeout(
    database_proxy, browser_client
):
    connection.close()
    database_proxy.hang()
    response, seconds = timed_get(browser_client, "/api/v1/claims/")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"
    assert seconds < CONNECT_TIMEOUT + MARGIN
    html, seconds = timed_get(browser_client, url_in("en", "claims:list"))
    assert html.status_code == 503
    assert "Temporarily unavailable" in html.content.decode()
    assert seconds < CONNECT_TIMEOUT + MARGIN


def test_a_refusing_database_gives_api_clients_the_json_error(
    database_proxy, browser_client
):
    connection.close()
    database_proxy.stop()  # nothing listens on its port any more
    response, _seconds = timed_get(browser_client, "/api/v1/claims/")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"


def test_the_database_is_used_again_once_it_answers(database_proxy, browser_client):
    url = url_in("en", "claims:list")
    browser_client.get(url)
    cache.clear()
    database_proxy.hang()
    assert browser_client.get(url).status_code == 503
    database_proxy.resume()
    # What a server does at the end of each request (the test client
    # leaves it out): the broken connection is closed, the next one opened.
    close_old_connections()
    response = browser_client.get(url)
    assert response.status_code == 200
    assert "数据库停止应答前的声明" in response.content.decode()
