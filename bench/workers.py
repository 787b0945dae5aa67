"""Evidence checks by a real Celery worker on Redis against a slow local server."""

from __future__ import annotations

import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from . import processes
from .servers import LocalServer

CHECKS = 1_000
SERVER_DELAY = 0.1
TIMEOUT = 180

# What the README recommends for a 2-core machine (README "Background jobs").
WORKER_OPTIONS = ["--pool=threads", "--concurrency=24"]
WORKER_CONCURRENCY = 24

PAGE = (
    "<html><head><meta charset='utf-8'><title>来源</title></head><body><article>"
    "<h1>小米汽车公布交付数据</h1>"
    + "<p>小米汽车今天公布，截至本月底累计交付量已超过十万辆，产能继续提升。</p>" * 20
    + "</article></body></html>"
).encode()


class _SlowHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(SERVER_DELAY)
        if self.path == "/robots.txt":
            body, status = b"User-agent: *\nAllow: /\n", 200
        else:
            body, status = PAGE, 200
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SlowServer(LocalServer):
    """Answers every request after 100 ms, many at once."""

    def __init__(self) -> None:
        super().__init__(_SlowHandler, queue_size=256)


@dataclass
class CheckRun:
    checks_per_second: float
    checked: int
    seconds: float
    worker_rss_mb: float


def evidence_ids_point_at(host: str) -> list[int]:
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    from claims.models import Evidence

    ids = list(Evidence.objects.order_by("pk").values_list("pk", flat=True)[:CHECKS])
    # One address per item on the local server; never checked before.
    Evidence.objects.filter(pk__in=ids).update(
        url=Concat(
            Value(f"http://{host}/evidence/"),
            Cast("pk", CharField()),
            output_field=CharField(),
        ),
        health="unchecked",
        content_hash="",
        etag="",
        last_modified="",
        next_check_at=None,
    )
    return ids


def run(*, env: dict, workdir: Path, server: SlowServer) -> CheckRun:
    from django.utils import timezone

    from claims.models import Evidence
    from claims.routing import fetch_queue
    from claims.tasks import evidence_check

    ids = evidence_ids_point_at(server.host)
    log = workdir / "celery-worker.log"
    worker = processes.start(
        [
            str(processes.BIN / "celery"),
            "--app=tracker",
            "worker",
            *WORKER_OPTIONS,
            f"--queues={env['CELERY_TASK_DEFAULT_QUEUE']},"
            f"{fetch_queue(env['CELERY_TASK_DEFAULT_QUEUE'])}",
            "--hostname=bench@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        # Every link is on one local host: the per-host pace (one request a
        # second) would measure the pace, not the worker.
        env={**env, "EVIDENCE_HOST_MIN_INTERVAL_SECONDS": "0"},
        log=log,
    )
    try:
        _wait_ready(worker, env)
        started_at = timezone.now()
        started = time.perf_counter()
        for pk in ids:
            evidence_check.delay(pk)
        done = 0
        deadline = started + TIMEOUT
        while time.perf_counter() < deadline:
            done = Evidence.objects.filter(
                pk__in=ids, last_checked_at__gte=started_at
            ).count()
            if done >= len(ids):
                break
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        pids = [worker.pid, *processes.children(worker.pid)]
        rss = sum(processes.rss_mb(pid) for pid in pids)
    finally:
        processes.stop(worker)
    if done < len(ids):
        raise RuntimeError(
            f"only {done} of {len(ids)} evidence checks finished in {TIMEOUT} s; "
            f"see {log}"
        )
    return CheckRun(done / seconds, done, seconds, rss)


def _wait_ready(worker, env: dict, timeout: float = 60) -> None:
    from tracker.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError("the Celery worker exited at start")
        replies = app.control.ping(destination=["bench@" + _hostname()], timeout=0.5)
        if replies:
            return
    raise RuntimeError("the Celery worker did not start")


def _hostname() -> str:
    import socket

    return socket.gethostname()
