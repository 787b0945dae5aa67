"""The million-claim bench's background figures: the evidence scheduler
tick, the scans in a real Celery worker, the search index writer and the
reader list's search in-process (``bench.scale``)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from . import processes
from .scale_pages import Pages
from .scale_web import _hook, p99


def scheduler_tick() -> tuple[float, str]:
    """One evidence scheduler tick, seconds, and what was timed."""
    tick = _hook("scheduler_bench", "tick_seconds")
    if tick is not None:
        return float(tick()), "bench.scheduler_bench"
    from django.conf import settings
    from django.db import transaction

    from claims.services.evidence_checks import evidence_claim_due

    with transaction.atomic():
        started = time.perf_counter()
        taken = evidence_claim_due(limit=settings.EVIDENCE_BATCH_SIZE)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, f"evidence_claim_due, {len(taken)} links taken (rolled back)"


def celery_scans_rss(env: dict, workdir: Path, log: Callable[[str], None]) -> float:
    """Run both scans in a real Celery worker; its RSS (MB) after them."""
    from tracker.celery import app

    from . import workers

    log_path = workdir / "celery-scale.log"
    worker = processes.start(
        [
            str(processes.BIN / "celery"),
            "--app=tracker",
            "worker",
            *workers.WORKER_OPTIONS,
            f"--queues={env['CELERY_TASK_DEFAULT_QUEUE']}",
            "--hostname=bench@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        env={**env, "EVIDENCE_FETCH_ENABLED": "0"},
        log=log_path,
    )
    try:
        workers._wait_ready(worker, env)
        queue = env["CELERY_TASK_DEFAULT_QUEUE"]
        for task in ("claims.tasks.deadline_scan", "claims.tasks.review_scan",
                     "claims.tasks.evidence_check_batch"):  # fmt: skip
            app.send_task(task, queue=queue)
        deadline = time.monotonic() + 1800
        while time.monotonic() < deadline:
            text = log_path.read_text(errors="replace")
            if "review scan:" in text and "deadline scan:" in text:
                break
            if worker.poll() is not None:
                raise RuntimeError(f"the Celery worker exited; see {log_path}")
            time.sleep(0.5)
        time.sleep(1)
        rss = sum(
            processes.rss_mb(pid)
            for pid in [worker.pid, *processes.children(worker.pid)]
        )
        log(f"celery: scans done, RSS {rss:.0f} MB")
        return rss
    finally:
        processes.stop(worker)


def _rebuild_sample(count: int = 2000) -> float:
    """The project's own index writer over ``count`` claims: ms a claim."""
    from claims.services.search_index import search_index_claims

    started = time.perf_counter()
    search_index_claims(claim_ids=range(1, count + 1))
    return (time.perf_counter() - started) * 1000 / count


SEARCH_ROUNDS = 10


def _search_in_process(pages: Pages) -> list[tuple[str, float, float, int]]:
    """The reader list's search queries in-process (``bench.search_bench``),
    ``SEARCH_ROUNDS`` times each: at a million claims a query can take
    seconds, and that module's own 100 rounds would take many minutes."""
    import importlib

    time_query = _hook("search_bench", "time_query") or _hook(
        "search_bench", "_time_query"
    )
    if time_query is None:
        return []
    module = importlib.import_module("bench.search_bench")
    rounds = getattr(module, "ROUNDS", None)
    rows = []
    try:
        if rounds is not None:
            module.ROUNDS = SEARCH_ROUNDS
        for query in (pages.search_zh, pages.search_en, pages.search_zh_rare):
            timings, total, _plan = time_query(query)[:3]
            rows.append((query, statistics.median(timings), p99(timings), total))
    finally:
        if rounds is not None:
            module.ROUNDS = rounds
    return rows
