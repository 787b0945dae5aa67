"""``claims.fetching.post``, the fetcher's POST for deliveries: the same
address rules and limits as a fetch, and no redirect followed."""

from __future__ import annotations

import dataclasses
import time

from claims.fetching import Outcome, post
from claims.fetching.policy import fetch_policy


def policy(receiver, **changes):
    allowed = dataclasses.replace(
        fetch_policy(), unsafe_allowed_hosts=frozenset({receiver.host})
    )
    return dataclasses.replace(allowed, **changes)


def test_the_body_and_headers_arrive_as_given(receiver):
    result = post(
        receiver.url("/in"),
        policy=policy(receiver),
        body='{"说": 1}'.encode(),
        headers={"Content-Type": "application/json", "X-Test": "yes"},
    )
    assert result.outcome == Outcome.OK and result.status == 200
    assert result.body == b'{"ok": true}'
    [request] = receiver.requests()
    assert request.body == '{"说": 1}'.encode()
    assert request.headers["X-Test"] == "yes"


def test_a_redirect_is_not_followed(receiver):
    receiver.status = 307
    receiver.headers = {"Location": receiver.url("/elsewhere")}
    result = post(receiver.url("/in"), policy=policy(receiver), body=b"{}", headers={})
    assert result.outcome == Outcome.FAILED
    assert result.reason == "returned 307 (redirects are not followed)"
    assert [request.path for request in receiver.requests()] == ["/in"]


def test_a_slow_receiver_is_cut_off_at_the_total_limit(receiver):
    receiver.delay = 3
    started = time.monotonic()
    result = post(
        receiver.url(),
        policy=policy(receiver, total_deadline=1.0, read_timeout=10),
        body=b"{}",
        headers={},
    )
    assert time.monotonic() - started < 2.5
    assert result.outcome == Outcome.TIME_LIMIT


def test_a_long_answer_is_read_up_to_the_cap(receiver):
    receiver.answer = b"x" * 100_000
    result = post(
        receiver.url(), policy=policy(receiver, max_bytes=1000), body=b"{}", headers={}
    )
    assert result.outcome == Outcome.OK
    assert len(result.body) == 1000 and result.truncated


def test_a_loopback_address_is_refused_without_the_test_hook(receiver):
    result = post(
        "http://127.0.0.1/hook", policy=fetch_policy(), body=b"{}", headers={}
    )
    assert result.outcome == Outcome.BLOCKED
    assert "127.0.0.1 is a loopback address" in result.reason
    assert receiver.requests() == []
