"""Every fetch ends within its total limit, whatever the server does.

The servers are local and misbehave on purpose (tests/helpers/misbehaving.py).
Elapsed times are bounds, not benchmarks: the limit plus one second.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from claims.fetching import FetchPolicy, FetchResult, Outcome, fetch
from tests.helpers import misbehaving
from tests.helpers.misbehaving import MisbehavingServer

LIMIT = 2.0


@pytest.fixture
def server() -> Iterator[MisbehavingServer]:
    server = MisbehavingServer()
    yield server
    server.stop()


def policy_for(server: MisbehavingServer, **overrides) -> FetchPolicy:
    values = {
        "user_agent": "ClaimTrackerBot/1.0 (tests)",
        "total_deadline": LIMIT,
        "unsafe_allowed_hosts": frozenset({server.host}),
        **overrides,
    }
    return FetchPolicy(**values)


def timed_fetch(url: str, policy: FetchPolicy) -> tuple[FetchResult, float]:
    started = time.monotonic()
    result = fetch(url, policy=policy)
    return result, time.monotonic() - started


def assert_cut_off_in_time(result: FetchResult, elapsed: float) -> None:
    assert result.outcome == Outcome.TIME_LIMIT, result.reason
    assert "2-second limit" in result.reason
    assert elapsed < LIMIT + 1, f"the fetch took {elapsed:.1f} s"


@pytest.mark.parametrize(
    "behaviour",
    [
        pytest.param(misbehaving.slow_headers, id="headers one byte a second"),
        pytest.param(misbehaving.slow_body(), id="body one byte a second"),
        pytest.param(
            misbehaving.slow_body(length=False),
            id="body one byte a second, no length",
        ),
        pytest.param(misbehaving.silence, id="no answer at all"),
        pytest.param(
            misbehaving.endless_body(bytes_per_second=300_000),
            id="an endless body, steadily",
        ),
        pytest.param(
            misbehaving.redirect("/page", after=0.4), id="slow endless redirects"
        ),
    ],
)
def test_a_misbehaving_server_cannot_hold_a_fetch_past_its_limit(server, behaviour):
    server.routes["/page"] = behaviour
    result, elapsed = timed_fetch(
        server.url("/page"), policy_for(server, max_bytes=50 * 1024 * 1024)
    )
    assert_cut_off_in_time(result, elapsed)
    assert not result.body


def test_the_connections_are_closed_when_the_limit_passes(server):
    server.routes["/page"] = misbehaving.slow_headers
    fetch(server.url("/page"), policy=policy_for(server))
    deadline = time.monotonic() + 2
    while not server.all_closed() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.all_closed()


def test_the_per_read_timeout_stays_a_transient_failure(server):
    """A server that stops answering for longer than one read may wait is a
    network failure worth retrying, not a time limit."""
    server.routes["/page"] = misbehaving.silence
    result, elapsed = timed_fetch(
        server.url("/page"), policy_for(server, read_timeout=0.5)
    )
    assert result.outcome == Outcome.TRANSIENT
    assert "timed out" in result.reason
    assert elapsed < LIMIT


def test_a_slow_robots_txt_counts_against_the_limit(server):
    server.routes["/robots.txt"] = misbehaving.slow_body()
    server.routes["/page"] = misbehaving.page(b"<p>fine</p>")
    cache = _DictCache()
    result, elapsed = timed_fetch(
        server.url("/page"), policy_for(server, robots_cache=cache)
    )
    assert_cut_off_in_time(result, elapsed)
    assert server.hits("/page") == 0
    assert cache.values == {}  # a robots.txt cut off is not kept


def test_fast_endless_redirects_end_at_five(server):
    server.routes["/page"] = misbehaving.redirect("/page")
    result, elapsed = timed_fetch(server.url("/page"), policy_for(server))
    assert result.outcome == Outcome.FAILED
    assert result.reason == "more than 5 redirects"
    assert elapsed < LIMIT


def test_a_huge_body_is_capped_within_the_limit(server):
    server.routes["/page"] = misbehaving.endless_body()
    result, elapsed = timed_fetch(
        server.url("/page"), policy_for(server, max_bytes=1024 * 1024)
    )
    assert result.outcome == Outcome.OK
    assert result.truncated
    assert len(result.body) == 1024 * 1024
    assert elapsed < LIMIT + 1


def test_a_tls_handshake_one_byte_a_second_is_cut_off_too():
    """The start of a TLS record, then its body a byte a second: the
    handshake waits for a record that never completes."""
    listener = socket.create_server(("127.0.0.1", 0))
    host = f"127.0.0.1:{listener.getsockname()[1]}"
    stop = threading.Event()

    def serve() -> None:
        conn, _address = listener.accept()
        with conn:
            conn.recv(4096)  # the ClientHello
            conn.sendall(b"\x16\x03\x03\x40\x00")  # handshake, 16 KiB follow
            while not stop.wait(1):
                try:
                    conn.sendall(b"a")
                except OSError:
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        result, elapsed = timed_fetch(
            f"https://{host}/page",
            FetchPolicy(
                user_agent="ClaimTrackerBot/1.0 (tests)",
                total_deadline=LIMIT,
                respect_robots=False,
                unsafe_allowed_hosts=frozenset({host}),
            ),
        )
    finally:
        stop.set()
        thread.join(5)
        listener.close()
    assert_cut_off_in_time(result, elapsed)


def test_a_name_lookup_that_never_answers_is_cut_off_too(monkeypatch):
    answered = threading.Event()
    real_getaddrinfo = socket.getaddrinfo

    def hanging_lookup(host, *args, **kwargs):
        if host == "slow-dns.example":
            answered.wait(30)  # released when the test ends
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hanging_lookup)
    try:
        result, elapsed = timed_fetch(
            "http://slow-dns.example/page",
            FetchPolicy(user_agent="ClaimTrackerBot/1.0 (tests)", total_deadline=LIMIT),
        )
    finally:
        answered.set()
    assert_cut_off_in_time(result, elapsed)


def test_the_article_intake_fetch_keeps_the_limit(server, settings):
    """Intake fetches inside a web request, under the same settings."""
    from intake.fetch import ArticleFetchError, fetch_article_text

    settings.FETCH_UNSAFE_ALLOWED_HOSTS = [server.host]
    settings.FETCH_TOTAL_DEADLINE = LIMIT
    server.routes["/article"] = misbehaving.slow_headers
    started = time.monotonic()
    with pytest.raises(ArticleFetchError, match="2-second limit"):
        fetch_article_text(server.url("/article"))
    assert time.monotonic() - started < LIMIT + 1


class _DictCache:
    def __init__(self) -> None:
        self.values: dict[str, object] = {}

    def get(self, key: str) -> object:
        return self.values.get(key)

    def set(self, key: str, value: object, timeout: int | None) -> None:
        self.values[key] = value
