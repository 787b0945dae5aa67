"""Warm page throughput and cache hit ratio with link-health writes alongside.

Pages are loaded (wrk, or a Python load generator) while this process runs
evidence checks through the project's own write path
(``claims.services.evidence_checks.evidence_check``) at a steady rate,
against a local server whose answer flips between the page and a redirect to
it: every check changes the link health a reader sees (working / moved), so
every check is a write that replaces its claim's version. The server honours
conditional requests (``If-None-Match``) as news sites do, and the links
start as checked before with its ETag, so a check is a link-health write, not
a text extraction. Each figure is the median over rounds that alternate loads
without writes and with them; the share is the median of the rounds'
ratios.

``compare`` takes a base address, the page paths and a write rate: the
normal bench and the scale bench call it with their own server and data.
"""

from __future__ import annotations

import http.client
import random
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

from .servers import LocalServer

ROUNDS = 5
SECONDS = 8
CONNECTIONS = 16
WRITER_THREADS = 4

PAGE = (
    "<html><head><meta charset='utf-8'><title>来源</title></head><body><article>"
    "<h1>小米汽车公布交付数据</h1>"
    + "<p>小米汽车今天公布，截至本月底累计交付量已超过十万辆，产能继续提升。</p>" * 20
    + "</article></body></html>"
).encode()


ETAG = '"page-1"'


class _FlipHandler(BaseHTTPRequestHandler):
    """``/evidence/<n>`` answers the page and a redirect to ``/final/<n>``
    in turn; the page answers 304 to a request that holds its ETag."""

    protocol_version = "HTTP/1.1"
    seen: Counter = Counter()
    lock = threading.Lock()

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        status, headers, body = 200, {"ETag": ETAG}, PAGE
        if self.path == "/robots.txt":
            headers, body = {}, b"User-agent: *\nAllow: /\n"
        else:
            if self.path.startswith("/evidence/"):
                with self.lock:
                    self.seen[self.path] += 1
                    flip = self.seen[self.path] % 2 == 0
                if flip:
                    status, body = 301, b""
                    headers = {"Location": "/final/" + self.path.rsplit("/", 1)[-1]}
            if status == 200 and self.headers.get("If-None-Match") == ETAG:
                status, body = 304, b""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class FlipServer(LocalServer):
    """The local server the evidence links point at during the writes."""

    def __init__(self) -> None:
        super().__init__(_FlipHandler)


def evidence_point_at(host: str, evidence_ids: list[int]) -> None:
    """Point these evidence links at the flip server (one address each), as
    checked there yesterday: the page's text hash and ETag on record."""
    from datetime import timedelta

    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat
    from django.utils import timezone

    from claims.fetching import content_hash, extract_text, normalise_text
    from claims.models import Evidence, LinkHealth

    now = timezone.now()
    text = normalise_text(
        extract_text(PAGE, content_type="text/html"), today=timezone.localdate(now)
    )
    address = Concat(
        Value(f"http://{host}/evidence/"),
        Cast("pk", CharField()),
        output_field=CharField(),
    )
    Evidence.objects.filter(pk__in=evidence_ids).update(
        url=address,
        final_url=address,
        health=LinkHealth.OK,
        content_hash=content_hash(text),
        etag=ETAG,
        last_modified="",
        consecutive_failures=0,
        first_failed_at=None,
        last_checked_at=now - timedelta(days=1),
    )


@dataclass
class Writes:
    """Evidence checks at ``per_second``, from threads of this process, until
    stopped. Counts the checks done and the ones that failed."""

    evidence_ids: list[int]
    per_second: float
    done: int = 0
    failed: int = 0
    seconds: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> Writes:
        self._started = time.monotonic()
        if self.per_second > 0:
            for number in range(WRITER_THREADS):
                thread = threading.Thread(target=self._write, args=(number,))
                thread.start()
                self._threads.append(thread)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(30)
        self.seconds = time.monotonic() - self._started

    @property
    def achieved_per_second(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def _write(self, number: int) -> None:
        from django.db import connection

        from claims.models import Evidence
        from claims.services.evidence_checks import evidence_check

        picker = random.Random(number)  # noqa: S311 - not for security
        interval = WRITER_THREADS / self.per_second
        due = self._started + number / self.per_second
        try:
            while not self._stop.is_set():
                pause = due - time.monotonic()
                if pause > 0 and self._stop.wait(pause):
                    break
                due += interval
                evidence = Evidence.objects.get(pk=picker.choice(self.evidence_ids))
                try:
                    evidence_check(evidence=evidence, raised_by="bench")
                except Exception:  # noqa: BLE001 - counted, the load goes on
                    with self._lock:
                        self.failed += 1
                    continue
                with self._lock:
                    self.done += 1
        finally:
            connection.close()


@dataclass
class Load:
    requests_per_second: float
    hits: int
    misses: int
    requests: int
    errors: int

    @property
    def hit_ratio(self) -> float:
        counted = self.hits + self.misses
        return self.hits / counted if counted else 0.0


@dataclass
class Comparison:
    """Rounds of the same pages without writes and with them."""

    paths: list[str]
    without: list[Load]
    with_writes: list[Load]
    writes: list[Writes]

    @property
    def requests_per_second(self) -> float:
        return statistics.median(item.requests_per_second for item in self.with_writes)

    @property
    def reference_requests_per_second(self) -> float:
        return statistics.median(item.requests_per_second for item in self.without)

    @property
    def share(self) -> float:
        """Throughput with writes as a share of that without (median of the
        rounds' ratios)."""
        return statistics.median(
            loaded.requests_per_second / quiet.requests_per_second
            for quiet, loaded in zip(self.without, self.with_writes, strict=True)
        )

    @property
    def hit_ratio(self) -> float:
        hits = sum(item.hits for item in self.with_writes)
        counted = hits + sum(item.misses for item in self.with_writes)
        return hits / counted if counted else 0.0

    @property
    def writes_per_second(self) -> float:
        return statistics.median(item.achieved_per_second for item in self.writes)

    @property
    def failed_writes(self) -> int:
        return sum(item.failed for item in self.writes)


def compare(
    *,
    base: str,
    paths: list[str],
    writes_per_second: float,
    evidence_ids: list[int],
    rounds: int = ROUNDS,
    seconds: float = SECONDS,
    connections: int = CONNECTIONS,
) -> Comparison:
    """Load ``paths`` (in turn, warm) at ``base`` with no writes and with
    ``writes_per_second`` evidence checks on ``evidence_ids``, alternating.

    Needs Django set up in this process on the same database and cache as
    the server. Points the evidence links at a local flip server for the
    run (their addresses are left pointing there afterwards).
    """
    from django.conf import settings

    server = FlipServer()
    allowed = list(getattr(settings, "FETCH_UNSAFE_ALLOWED_HOSTS", []))
    settings.FETCH_UNSAFE_ALLOWED_HOSTS = [*allowed, server.host]
    # Every link is on the one local host: its pace (one request a second)
    # would cap the writes, not measure them.
    pace = settings.EVIDENCE_HOST_MIN_INTERVAL_SECONDS
    settings.EVIDENCE_HOST_MIN_INTERVAL_SECONDS = 0
    try:
        evidence_point_at(server.host, evidence_ids)
        load_paths(base, paths, seconds=2, connections=connections)  # warm
        result = Comparison(paths=paths, without=[], with_writes=[], writes=[])
        for number in range(rounds):
            order = ["quiet", "writes"] if number % 2 == 0 else ["writes", "quiet"]
            for kind in order:
                rate = writes_per_second if kind == "writes" else 0
                with Writes(evidence_ids, rate) as writes:
                    loaded = load_paths(
                        base, paths, seconds=seconds, connections=connections
                    )
                if loaded.errors or not loaded.requests:
                    raise RuntimeError(
                        f"{base}: {loaded.errors} failed of {loaded.requests} "
                        "requests; see the server's log"
                    )
                if kind == "quiet":
                    result.without.append(loaded)
                else:
                    result.with_writes.append(loaded)
                    result.writes.append(writes)
        return result
    finally:
        settings.FETCH_UNSAFE_ALLOWED_HOSTS = allowed
        settings.EVIDENCE_HOST_MIN_INTERVAL_SECONDS = pace
        server.stop()


# --- Load with the page cache's answer counted -----------------------------------

_WRK_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Connection"] = "close"})
end
hits, misses = 0, 0
response = function(status, headers, body)
  local answer = headers["X-Page-Cache"]
  if answer == "hit" then hits = hits + 1
  elseif answer == "miss" then misses = misses + 1 end
end
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local h, m = 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
  end
  io.write(string.format("page-cache hits=%%d misses=%%d\\n", h, m))
end
"""


def load_paths(base: str, paths: list[str], *, seconds: float, connections: int):
    """Requests for ``paths`` in turn; how many the page cache answered.

    Each request on a connection of its own (``Connection: close``): gunicorn's
    workers take connections as they race to accept them, and a load's
    sixteen kept-alive connections were, one load in three, all taken by one
    of the two workers for the whole load, which then measured half the
    server. A connection per request spreads the requests evenly."""
    if shutil.which("wrk"):
        return _wrk(base, paths, seconds=seconds, connections=connections)
    return _python(base, paths, seconds=seconds, connections=connections)


def _wrk(base: str, paths: list[str], *, seconds: float, connections: int) -> Load:
    with tempfile.TemporaryDirectory() as directory:
        script = Path(directory) / "paths.lua"
        quoted = ", ".join('"' + path.replace('"', '\\"') + '"' for path in paths)
        script.write_text(_WRK_SCRIPT % {"paths": quoted})
        output = subprocess.run(  # noqa: S603 - fixed arguments
            [
                "wrk",
                "--threads",
                "1",
                "--connections",
                str(connections),
                "--duration",
                f"{max(int(seconds), 1)}s",
                "--timeout",
                "5s",
                "--script",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
            check=True,
        ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    hits, misses = map(
        int, re.search(r"page-cache hits=(\d+) misses=(\d+)", output).groups()
    )
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return Load(rps, hits, misses, total, errors)


def _python(base: str, paths: list[str], *, seconds: float, connections: int) -> Load:
    parts = urlsplit(base)
    stop_at = time.monotonic() + seconds
    counts = Counter()
    lock = threading.Lock()

    def client(number: int) -> None:
        mine: Counter = Counter()
        index = number
        while time.monotonic() < stop_at:
            index += 1
            connection = http.client.HTTPConnection(
                parts.hostname, parts.port, timeout=5
            )
            try:
                connection.request(
                    "GET", paths[index % len(paths)], headers={"Connection": "close"}
                )
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                mine["errors"] += 1
                continue
            finally:
                connection.close()
            mine["requests"] += 1
            mine["errors"] += response.status >= 400
            mine[response.getheader("X-Page-Cache", "")] += 1
        with lock:
            counts.update(mine)

    started = time.monotonic()
    threads = [
        threading.Thread(target=client, args=(number,)) for number in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 10)
    elapsed = time.monotonic() - started
    return Load(
        counts["requests"] / elapsed,
        counts["hit"],
        counts["miss"],
        counts["requests"],
        counts["errors"],
    )
