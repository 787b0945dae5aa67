"""The fetcher believes "no such host" only while the resolver works.

Lookups are simulated by replacing ``socket.getaddrinfo``: no test here
depends on the machine's own resolver.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from claims.fetching import FetchPolicy, Outcome, fetch

CONTROL = "control.example"
AGENT = "ClaimTrackerBot/1.0 (tests)"


def resolver(*, working: set[str] | None = None, hanging: set[str] = frozenset()):
    """A getaddrinfo that answers "no such host" except for ``working`` names
    (None: no name works), and never answers for ``hanging`` ones."""
    released = threading.Event()

    def getaddrinfo(host, port, *args, **kwargs):
        if host in hanging:
            released.wait(30)
        if working is not None and host in working:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80))]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    getaddrinfo.release = released.set
    return getaddrinfo


def test_a_resolver_that_fails_every_lookup_is_transient(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", resolver(working=None))
    result = fetch(
        "http://gone.example/page",
        policy=FetchPolicy(user_agent=AGENT, dns_control_host=CONTROL),
    )
    assert result.outcome == Outcome.TRANSIENT
    assert result.resolver_failed
    assert not result.no_such_host
    assert result.reason == (
        "the DNS resolver failed: gone.example did not resolve, nor did "
        "control.example, a name that must"
    )


def test_a_resolver_that_cannot_answer_is_transient(monkeypatch):
    def getaddrinfo(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    result = fetch("http://gone.example/page", policy=FetchPolicy(user_agent=AGENT))
    assert result.outcome == Outcome.TRANSIENT
    assert result.resolver_failed
    assert result.reason == (
        "the DNS resolver failed: gone.example could not be looked up "
        "(Temporary failure in name resolution)"
    )


def test_a_name_that_alone_fails_while_the_control_resolves_is_definitive(
    monkeypatch,
):
    monkeypatch.setattr(socket, "getaddrinfo", resolver(working={CONTROL}))
    result = fetch(
        "http://gone.example/page",
        policy=FetchPolicy(user_agent=AGENT, dns_control_host=CONTROL),
    )
    assert result.outcome == Outcome.DEFINITIVE
    assert result.no_such_host
    assert result.reason == "no such host"


def test_without_a_control_name_no_such_host_is_believed(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", resolver(working=None))
    result = fetch("http://gone.example/page", policy=FetchPolicy(user_agent=AGENT))
    assert result.outcome == Outcome.DEFINITIVE
    assert result.no_such_host


def test_robots_txt_on_a_host_that_does_not_resolve_ends_the_fetch(monkeypatch):
    """One lookup failure answers for the page too: no second attempt."""
    lookups = []
    fake = resolver(working={CONTROL})

    def counting(host, *args, **kwargs):
        lookups.append(host)
        return fake(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", counting)
    result = fetch(
        "http://gone.example/page",
        policy=FetchPolicy(user_agent=AGENT, dns_control_host=CONTROL),
    )
    assert result.no_such_host
    assert lookups == ["gone.example", CONTROL]


def test_a_control_lookup_that_hangs_ends_at_the_limit(monkeypatch):
    fake = resolver(working=None, hanging={CONTROL})
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    started = time.monotonic()
    try:
        result = fetch(
            "http://gone.example/page",
            policy=FetchPolicy(
                user_agent=AGENT, dns_control_host=CONTROL, total_deadline=1.0
            ),
        )
    finally:
        fake.release()
    assert result.outcome == Outcome.TIME_LIMIT
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize("setting", ["example.com", ""])
def test_the_project_policy_takes_the_control_name_from_settings(settings, setting):
    from claims.fetching.policy import fetch_policy

    settings.FETCH_DNS_CONTROL_HOST = setting
    assert fetch_policy().dns_control_host == setting
