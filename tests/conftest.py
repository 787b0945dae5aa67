"""Fixtures every test package shares: users, and local page servers."""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.factories import UserFactory

# --- The `slow` marker (`make test-fast` leaves these out) ---------------------
# Browser and worker tests are slow by nature; the tests named below are the
# slowest of the rest (`pytest --durations=30`: 1.5 to 5 s each on an idle 2-core
# machine, several times that under load). By test function name, every
# parametrized case included, so test files need no marker.
SLOW_MARKERS = {"browser", "worker"}
SLOW_TESTS = {
    # the OpenAPI schema generated and validated; schemathesis' requests
    "test_anonymous_requests_keep_to_the_schema",
    "test_editor_requests_keep_to_the_schema",
    "test_the_schema_is_valid_openapi_3_without_warnings",
    # the whole seed (43 claims) loaded, exported or rendered
    "test_load_seed_brings_in_two_articles_and_43_published_claims",
    "test_load_seed_twice_leaves_the_same_rows",
    "test_load_seed_repairs_an_edited_row_without_duplicating_it",
    "test_round_trip_of_the_seed_through_claimreview",
    "test_every_seed_claim_has_complete_claim_review_markup",
    "test_claim_review_url_is_the_page_it_is_on",
    "test_seed_claims_are_offered_when_their_article_is_imported",
    "test_refresh_claims_on_the_seed_data_raises_nothing_new_the_second_time",
    "test_refresh_claims_checks_due_evidence_once",
    # `manage.py check --deploy` in a subprocess
    "test_production_settings_pass_the_deployment_checks",
    "test_a_weakened_setting_fails_the_check",
}


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects
def pytest_collection_modifyitems(config, items):
    seen = set()
    for item in items:
        name = getattr(item, "originalname", item.name)
        if name in SLOW_TESTS or any(
            item.get_closest_marker(marker) for marker in SLOW_MARKERS
        ):
            item.add_marker(pytest.mark.slow)
            seen.add(name)
    tests_dir = Path(__file__).parent
    whole_suite = all(Path(arg).resolve() == tests_dir for arg in config.args)
    if whole_suite and (stale := SLOW_TESTS - seen):
        warnings.warn(
            pytest.PytestWarning(
                "tests/conftest.py SLOW_TESTS names no collected test: "
                + ", ".join(sorted(stale))
            ),
            stacklevel=1,
        )


@pytest.fixture
def editor(db):
    return UserFactory(username="editor-alice", group="Editors")


@pytest.fixture
def second_editor(db):
    return UserFactory(username="editor-bob", group="Editors")


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer-carol", group="Reviewers")


# --- Local page servers ---------------------------------------------------------


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    delay: float = 0.0
    # The response waits for this event (set by the test) before it is sent.
    hold: threading.Event | None = None
    # Send this many bytes of filler after ``body`` (a huge page).
    filler_bytes: int = 0


def html(*paragraphs: str, charset: str = "utf-8") -> bytes:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f'<html><head><meta charset="{charset}"><title>来源</title></head>'
        f"<body><article><h1>新华社：小米正式发布</h1>{body}</article></body></html>"
    ).encode(charset)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client that hangs up early (the size cap, a killed worker)


class PageServer:
    """An HTTP server on 127.0.0.1 and a random port, in a thread."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.arrived: dict[str, threading.Event] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                server.arrived.setdefault(self.path, threading.Event()).set()
                page = server.pages.get(self.path)
                if page is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if page.hold is not None:
                    page.hold.wait(60)
                if page.delay:
                    time.sleep(page.delay)
                if page.etag and self.headers.get("If-None-Match") == page.etag:
                    self.send_response(304)
                    self.send_header("ETag", page.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                try:
                    self.send_response(page.status)
                    self.send_header("Content-Type", page.content_type)
                    self.send_header(
                        "Content-Length", str(len(page.body) + page.filler_bytes)
                    )
                    if page.etag:
                        self.send_header("ETag", page.etag)
                    for name, value in page.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(page.body)
                    chunk = b"<p>filler filler filler filler</p>\n" * 2048
                    left = page.filler_bytes
                    while left > 0:
                        self.wfile.write(chunk[:left])
                        left -= len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the fetcher stopped reading: expected for huge pages

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for seen, _headers in self.requests if seen == path)

    def stop(self) -> None:
        for page in self.pages.values():
            if page.hold is not None:
                page.hold.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _forget_robots() -> None:
    """robots.txt is cached per origin and a new server may reuse a port."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def page_server() -> Iterator[PageServer]:
    _forget_robots()
    server = PageServer()
    yield server
    server.stop()


@pytest.fixture
def second_server() -> Iterator[PageServer]:
    _forget_robots()
    server = PageServer()
    yield server
    server.stop()


@pytest.fixture
def fetch_allowed(settings, page_server) -> PageServer:
    """Let the fetcher reach ``page_server`` (and nothing else local)."""
    settings.FETCH_UNSAFE_ALLOWED_HOSTS = [page_server.host]
    return page_server
