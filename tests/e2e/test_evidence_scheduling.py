"""Evidence scheduling with real workers on Redis: each host's pace across
workers, and scans that never wait behind fetches."""

from __future__ import annotations

import threading

import pytest

from claims.models import Evidence, Flag, FlagReason
from claims.tasks import deadline_scan, evidence_check, evidence_check_batch
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.servers import Page, html
from tests.helpers.waiting import wait_until

pytestmark = [
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.usefixtures("migration_data"),
]

LINKS = 6


def test_workers_ask_one_host_at_most_once_a_second(
    fetch_allowed, start_worker, celery_redis
):
    """Two workers with four threads each (one also takes the scans) take
    a tick's six links on one host: the host sees one request a second
    (robots.txt included), not six at once."""
    claim = ClaimFactory(published=True)
    for number in range(LINKS):
        path = f"/source/{number}"
        fetch_allowed.pages[path] = Page(body=html(f"第{number}篇报道的正文。"))
        EvidenceFactory(claim=claim, url=fetch_allowed.url(path))
    start_worker(pool="threads", concurrency=4)
    start_worker(pool="threads", concurrency=4, queues=("fetch",))
    evidence_check_batch.delay()
    wait_until(
        lambda: Evidence.objects.filter(last_checked_at__isnull=False).count() == LINKS,
        timeout=60,
        message="every link was checked",
    )
    times = [arrived for arrived, _path in fetch_allowed.arrivals]
    paths = [path for _arrived, path in fetch_allowed.arrivals]
    assert sorted(paths) == ["/robots.txt"] + [f"/source/{n}" for n in range(LINKS)]
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    # One second apart (the turns are taken on Redis's clock, the arrivals
    # read on this one: a few milliseconds either way).
    assert min(gaps) > 0.95, gaps
    assert times[-1] - times[0] < LINKS + 5  # paced, not held back


def test_the_deadline_scan_runs_while_fetches_are_stuck(
    fetch_allowed, start_worker, celery_redis
):
    """A site that never answers holds the fetch worker and a backlog of
    checks waits behind it; the scans worker flags a passed deadline all
    the same."""
    stuck = threading.Event()
    fetch_allowed.pages["/stuck"] = Page(body=html("迟迟不来的正文。"), hold=stuck)
    links = EvidenceFactory.create_batch(
        5, claim=ClaimFactory(published=True), url=fetch_allowed.url("/stuck")
    )
    try:
        start_worker(pool="solo", queues=("fetch",))
        for link in links:
            evidence_check.delay(link.pk)
        wait_until(
            lambda: fetch_allowed.hits("/stuck") == 1,
            message="the fetch worker is stuck on the silent site",
        )
        late = ClaimFactory(due_h1_2024=True, published=True)
        start_worker(pool="solo", queues=("scans",))
        deadline_scan.delay()
        wait_until(
            lambda: Flag.objects.filter(
                claim=late, reason=FlagReason.DEADLINE_PASSED
            ).exists(),
            timeout=30,
            message="the deadline scan ran while the fetches were stuck",
        )
        # Still stuck: the scan did not wait for the fetches to clear.
        assert fetch_allowed.hits("/stuck") == 1
        assert not Evidence.objects.filter(last_checked_at__isnull=False).exists()
        assert celery_redis.client.llen(celery_redis.fetch_queue) >= 3
    finally:
        stuck.set()
