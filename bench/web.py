"""Reader pages and the API under gunicorn, each against a hello-world view.

Two server runs: the whole-page cache off (every request renders), then on
(Redis). Each run measures its own hello-world reference, served by the same
processes through the same middleware (``bench.urls``).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path

from . import processes
from .load import LoadResult, load

# What the README recommends for a 2-core machine (README "Deployment").
GUNICORN_OPTIONS = [
    "--workers=2",
    "--threads=4",
    "--worker-class=gthread",
    "--keep-alive=5",
    "--max-requests=20000",
    "--max-requests-jitter=2000",
]

SECONDS = 8
WARM_SECONDS = 2
CONNECTIONS = 16
P99_CONNECTIONS = 32

HELLO = "/bench/hello/"
CLAIM_LIST = "/en/claims/"
CLAIM_PAGE = "/en/claims/claim-10/"
API_LIST = "/api/v1/claims/"


@dataclass
class ServerRun:
    results: dict[str, LoadResult] = field(default_factory=dict)
    worker_rss_mb: list[float] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_and_measure(
    *, env: dict, workdir: Path, label: str, figures: list[tuple[str, str, int]]
) -> ServerRun:
    """Start gunicorn, load each (name, path, connections), stop it."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = processes.start(
        [
            str(processes.BIN / "gunicorn"),
            "tracker.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            *GUNICORN_OPTIONS,
        ],
        env=env,
        log=workdir / f"gunicorn-{label}.log",
    )
    run = ServerRun()
    try:
        processes.wait_for_url(base + HELLO, process=server)
        for name, path, connections in figures:
            load(base + path, seconds=WARM_SECONDS, connections=connections)
            result = load(base + path, seconds=SECONDS, connections=connections)
            if result.errors:
                raise RuntimeError(
                    f"{path}: {result.errors} failed requests; see "
                    f"{workdir / f'gunicorn-{label}.log'}"
                )
            run.results[name] = result
        run.worker_rss_mb = [
            processes.rss_mb(pid) for pid in processes.children(server.pid)
        ]
    finally:
        processes.stop(server)
    return run
