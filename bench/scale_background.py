"""The million-claim bench's background figures: the evidence scheduler
tick, the scans in a real Celery worker, the search index writer and the
reader list's search in-process (``bench.scale``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import processes
from .scale_pages import Pages


def scheduler_tick() -> tuple[float, str]:
    """One tick of the evidence scheduler's database work on the bench's
    database, as ``claims.tasks.evidence_check_batch`` does it (the batch
    for this many links, claimed from the due index, then each link's turn
    at its host), rolled back: seconds, and what was timed."""
    from django.db import transaction

    from claims.services.evidence_schedule import (
        evidence_batch_size,
        evidence_claim_due_links,
        evidence_tick_plan,
    )

    with transaction.atomic():
        started = time.perf_counter()
        batch = evidence_batch_size()
        links = evidence_claim_due_links(limit=batch)
        plan = evidence_tick_plan(links=links)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, (
        f"batch of {batch:,}: {len(links):,} links claimed, {len(plan.send):,} "
        "sent; rolled back"
    )


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


@dataclass
class SearchRow:
    query: str
    matches: int
    capped: bool
    gin: bool
    list_ms: tuple[float, float]  # median, p99
    api_ms: tuple[float, float]
    page_ms: tuple[float, float]


def _search_in_process(pages: Pages) -> list[SearchRow]:
    """The reader list's search (``bench.search_bench.measure``): its own
    queries in process, the API's first page and the whole list page, every
    page rendered (nothing cached), ``SEARCH_ROUNDS`` times each: at a
    million claims a query can take seconds, and that module's own rounds
    would take many minutes."""
    from .search_bench import measure

    queries = [
        ("common Chinese word", pages.search_zh),
        ("common English word", pages.search_en),
        ("rare Chinese word", pages.search_zh_rare),
        ("rare English word", pages.search_en_rare),
    ]
    rows = []
    for row in measure(queries, rounds=SEARCH_ROUNDS):

        def figure(part: str, row=row) -> tuple[float, float]:
            return row[part]["median_ms"], row[part]["p99_ms"]

        rows.append(
            SearchRow(
                query=row["query"],
                matches=row["matches"],
                capped=row["capped"],
                gin=row["gin"],
                list_ms=figure("list"),
                api_ms=figure("api"),
                page_ms=figure("page"),
            )
        )
    return rows
