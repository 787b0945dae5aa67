"""Reader pages and the API under gunicorn, each against a hello-world view.

Two server runs: the whole-page cache off (every request renders), then on
(Redis). Each figure is measured in rounds that alternate with its
hello-world reference, served by the same processes through the same
middleware (``bench.urls``): a round's ratio compares two loads seconds
apart, and the figure is the median of the rounds' ratios. On a shared
machine whose speed drifts by half within a minute, one reference for a
whole run made ratios swing by as much.
"""

from __future__ import annotations

import socket
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import Popen

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

ROUNDS = 3
SECONDS = 4  # per load: each round loads the reference, then the figure
WARM_SECONDS = 2
CONNECTIONS = 16
P99_CONNECTIONS = 32

HELLO = "/bench/hello/"
CLAIM_LIST = "/en/claims/"
CLAIM_PAGE = "/en/claims/claim-10/"
API_LIST = "/api/v1/claims/"


@dataclass
class Paired:
    """A figure's loads and its reference's, round by round."""

    page: list[LoadResult]
    reference: list[LoadResult]

    @property
    def requests_per_second(self) -> float:
        return statistics.median(item.requests_per_second for item in self.page)

    @property
    def reference_requests_per_second(self) -> float:
        return statistics.median(item.requests_per_second for item in self.reference)

    def _median_ratio(self, measure: str) -> float:
        """The median over the rounds of the figure's ``measure`` divided by
        the reference's in the same round."""
        return statistics.median(
            getattr(page, measure) / getattr(reference, measure)
            for page, reference in zip(self.page, self.reference, strict=True)
        )

    @property
    def ratio(self) -> float:
        return self._median_ratio("requests_per_second")

    @property
    def p99_ms(self) -> float:
        return statistics.median(item.p99_ms for item in self.page)

    @property
    def reference_p99_ms(self) -> float:
        return statistics.median(item.p99_ms for item in self.reference)

    @property
    def p99_ratio(self) -> float:
        return self._median_ratio("p99_ms")


@dataclass
class ServerRun:
    results: dict[str, Paired] = field(default_factory=dict)
    worker_rss_mb: list[float] = field(default_factory=list)
    tool: str = ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(*, env: dict, workdir: Path, label: str) -> Iterator[tuple[str, Popen]]:
    """gunicorn with the README's options on a free port, answering; yields
    its base address and process, and stops it afterwards."""
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
    try:
        processes.wait_for_url(base + HELLO, process=server)
        yield base, server
    finally:
        processes.stop(server)


def serve_and_measure(
    *, env: dict, workdir: Path, label: str, figures: list[tuple[str, str, int]]
) -> ServerRun:
    """Start gunicorn, load each (name, path, connections), stop it."""
    run = ServerRun()
    with served(env=env, workdir=workdir, label=label) as (base, server):
        log = workdir / f"gunicorn-{label}.log"
        for name, path, connections in figures:
            run.results[name] = _paired(base, path, connections=connections, log=log)
            run.tool = run.results[name].page[0].tool
        run.worker_rss_mb = [
            processes.rss_mb(pid) for pid in processes.children(server.pid)
        ]
    return run


def _paired(base: str, path: str, *, connections: int, log: Path) -> Paired:
    """``ROUNDS`` rounds of the reference and the figure, in alternating
    order (reference first, then figure first, ...) so that a drift in the
    machine's speed weighs on both alike."""
    paired = Paired(page=[], reference=[])
    for warm in (HELLO, path):
        load(base + warm, seconds=WARM_SECONDS, connections=connections)
    for number in range(ROUNDS):
        order = [(HELLO, paired.reference), (path, paired.page)]
        if number % 2:
            order.reverse()
        for target, results in order:
            result = load(base + target, seconds=SECONDS, connections=connections)
            if result.errors:
                raise RuntimeError(
                    f"{target}: {result.errors} failed requests; see {log}"
                )
            results.append(result)
    return paired
