"""Through a real worker on the threads pool (where Celery's own task time
limits do not apply), an evidence check against a server that sends one byte
a second ends within the fetch's limit and is not retried."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from claims.models import Evidence, Flag, LinkHealth
from claims.tasks import evidence_check
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers import misbehaving
from tests.helpers.misbehaving import MisbehavingServer

# Workers are other processes: they see only committed rows.
pytestmark = [
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.usefixtures("migration_data"),
]

LIMIT = 3.0


@pytest.fixture
def server(settings) -> Iterator[MisbehavingServer]:
    server = MisbehavingServer()
    # The worker started next may reach it (start_worker passes this on).
    settings.FETCH_UNSAFE_ALLOWED_HOSTS = [server.host]
    yield server
    server.stop()


def wait_for(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout:g} s: {what}")
        time.sleep(0.1)


def test_a_check_of_a_byte_a_second_server_ends_in_time_and_is_not_retried(
    server, start_worker
):
    server.routes["/news"] = misbehaving.slow_body()
    evidence = EvidenceFactory(
        claim=ClaimFactory(published=True), url=server.url("/news")
    )
    start_worker(
        pool="threads",
        concurrency=2,
        env={
            "FETCH_TOTAL_DEADLINE": str(LIMIT),
            # A retry, were there one, would come within about a second.
            "EVIDENCE_RETRY_BACKOFF_SECONDS": "1",
        },
    )
    evidence_check.delay(evidence.pk)

    def recorded() -> bool:
        return "limit" in Evidence.objects.get(pk=evidence.pk).health_detail

    wait_for(recorded, timeout=30, what="the check recorded its time limit")
    wait_for(server.all_closed, timeout=5, what="the worker hung up")
    first = min(visit.opened_at for visit in server.visits)  # robots.txt
    last = max(visit.closed_at for visit in server.visits)
    assert last - first < LIMIT + 1, f"the fetch took {last - first:.1f} s"

    evidence.refresh_from_db()
    assert evidence.health == LinkHealth.UNCHECKED
    assert evidence.health_detail.startswith(
        "took longer than the 3-second limit for one fetch on "
    )
    assert not Flag.objects.exists()
    time.sleep(3)  # three backoffs' worth: no second attempt comes
    assert server.hits("/news") == 1
