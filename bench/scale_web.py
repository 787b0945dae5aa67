"""The million-claim bench's web measurements: one gunicorn server, each
page cold and warm, throughput and cache hits with link-health writes
alongside, the sitemap files and the CSV export (``bench.scale``)."""

from __future__ import annotations

import http.client
import importlib
import os
import random
import re
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import processes, web
from .scale_pages import Pages, figures

REDIS_URL = os.environ.get("BENCH_SCALE_REDIS_URL", "redis://127.0.0.1:6379/7")

SAMPLES = 20
# Fewer cold samples of a page whose first answer is slow: (first answer
# over this many seconds, samples).
SLOW_SAMPLES = [(10.0, 1), (2.0, 5), (0.5, 10)]
REQUEST_TIMEOUT = 90
WRITE_RATES = [0, 16, 50]
LOAD_SECONDS = 8
LOAD_CONNECTIONS = 16


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _hook(module: str, name: str) -> Callable | None:
    """``bench.<module>.<name>`` when that module defines it, else None."""
    try:
        found = importlib.import_module(f"bench.{module}")
    except ImportError:
        return None
    attribute = getattr(found, name, None)
    return attribute if callable(attribute) else None


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


@dataclass
class Timing:
    samples: list[float]  # ms
    first: float
    statuses: set[int]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p99(self) -> float:
        return p99(self.samples)

    @property
    def ok(self) -> bool:
        return self.statuses <= {200}


@dataclass
class Throughput:
    requests_per_second: float
    hit_ratio: float | None
    writes_per_second: float
    errors: int


@dataclass
class ServerFigures:
    cold: dict[str, Timing] = field(default_factory=dict)
    warm: dict[str, Timing] = field(default_factory=dict)
    throughput: dict[tuple[str, int], Throughput] = field(default_factory=dict)
    csv: tuple[float, float, int] | None = None  # seconds, MB growth, bytes
    sitemap: list[tuple[str, int, int]] = field(default_factory=list)
    sitemap_schema: str = ""
    web_rss_mb: list[float] = field(default_factory=list)
    writes_source: str = ""


class Client:
    """Sequential requests on one keep-alive connection."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection: http.client.HTTPConnection | None = None

    def get(self, path: str) -> tuple[int, float, bytes]:
        from urllib.parse import quote

        target = quote(path, safe="/?=&%")
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=REQUEST_TIMEOUT
                )
            started = time.perf_counter()
            try:
                self.connection.request("GET", target)
                response = self.connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt:
                    return 0, (time.perf_counter() - started) * 1000, b""
                continue
            return response.status, (time.perf_counter() - started) * 1000, body
        return 0, 0.0, b""

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _redis():
    import redis

    return redis.Redis.from_url(REDIS_URL)


def _cold(client: Client, path: str) -> Timing:
    cache = _redis()
    samples, statuses = [], set()
    count = SAMPLES
    while len(samples) < count:
        cache.flushdb()
        status, ms, _body = client.get(path)
        statuses.add(status)
        samples.append(ms)
        if len(samples) == 1:
            for seconds, fewer in SLOW_SAMPLES:
                if ms / 1000 > seconds:
                    count = fewer
                    break
    cache.close()
    return Timing(samples, samples[0], statuses)


def _warm(client: Client, path: str, *, samples_wanted: int = SAMPLES) -> Timing:
    status, first, _body = client.get(path)
    samples, statuses = [], {status}
    for _ in range(samples_wanted):
        status, ms, _body = client.get(path)
        statuses.add(status)
        samples.append(ms)
    return Timing(samples, first, statuses)


def _worker_rss(server: subprocess.Popen) -> dict[int, float]:
    return {pid: processes.rss_mb(pid) for pid in processes.children(server.pid)}


def _csv(port: int, server: subprocess.Popen) -> tuple[float, float, int]:
    """Download every claim as CSV; (seconds, largest worker growth, bytes)."""
    before = _worker_rss(server)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1200)
    started = time.perf_counter()
    connection.request("GET", "/api/v1/claims/?format=csv")
    response = connection.getresponse()
    size = 0
    peak = dict(before)
    while chunk := response.read(1 << 20):
        size += len(chunk)
        for pid, rss in _worker_rss(server).items():
            peak[pid] = max(peak.get(pid, 0.0), rss)
    seconds = time.perf_counter() - started
    connection.close()
    growth = max((peak[pid] - before.get(pid, peak[pid]) for pid in peak), default=0)
    if response.status != 200:
        raise RuntimeError(f"CSV export answered {response.status}")
    return seconds, growth, size


def _sitemaps(client: Client) -> tuple[list[tuple[str, int, int]], str]:
    """Each file the index names, first page per section: (address, URLs,
    bytes); and what the schema check found."""
    from lxml import etree

    status, _ms, body = client.get("/sitemap.xml")
    if status != 200:
        return [("/sitemap.xml", -1, len(body))], f"index answered {status}"
    index = etree.fromstring(body)
    files = [("/sitemap.xml", len(index), len(body))]
    schema_note = _schema_check(body, "siteindex.xsd")
    seen_sections = set()
    for loc in index.iter(f"{{{SITEMAP_NS}}}loc"):
        address = re.sub(r"^https?://[^/]+", "", loc.text or "")
        section = address.split("?")[0]
        if section in seen_sections:
            continue
        seen_sections.add(section)
        status, _ms, body = client.get(address)
        if status != 200:
            files.append((address, -1, len(body)))
            continue
        urls = etree.fromstring(body).findall(f"{{{SITEMAP_NS}}}url")
        files.append((address, len(urls), len(body)))
        note = _schema_check(body, "sitemap.xsd")
        if note != schema_note:
            schema_note = f"{schema_note}; {address}: {note}"
    total = sum(1 for _ in index.iter(f"{{{SITEMAP_NS}}}loc"))
    files[0] = ("/sitemap.xml", total, files[0][2])
    return files, schema_note


def _schema_check(body: bytes, xsd: str) -> str:
    """Validate against the sitemaps.org XSD when a copy is at hand
    (``BENCH_SITEMAP_XSD_DIR``); otherwise check the structure only."""
    from lxml import etree

    folder = os.environ.get("BENCH_SITEMAP_XSD_DIR", "")
    path = Path(folder) / xsd if folder else None
    document = etree.fromstring(body)
    if path and path.exists():
        # The schema checks elements of other namespaces strictly, and the
        # xhtml:link alternates' schema is not at hand: they are set aside.
        others = [
            item
            for item in document.iter()
            if isinstance(item.tag, str) and etree.QName(item).namespace != SITEMAP_NS
        ]
        for item in others:
            item.getparent().remove(item)
        schema = etree.XMLSchema(etree.parse(str(path)))
        aside = " (xhtml:link alternates set aside)" if others else ""
        if schema.validate(document):
            return f"valid against the sitemaps.org schema{aside}"
        return f"INVALID against the sitemaps.org schema: {schema.error_log.last_error}"
    root = etree.QName(document).localname
    expected = "sitemapindex" if xsd == "siteindex.xsd" else "urlset"
    child = "sitemap" if expected == "sitemapindex" else "url"
    problems = []
    if etree.QName(document).namespace != SITEMAP_NS or root != expected:
        problems.append(f"root {root}")
    for item in document:
        if etree.QName(item).localname != child:
            problems.append(f"child {etree.QName(item).localname}")
            break
        loc = item.find(f"{{{SITEMAP_NS}}}loc")
        if loc is None or not (loc.text or "").startswith("http"):
            problems.append("an entry without an absolute <loc>")
            break
    if problems:
        return "structure INVALID: " + ", ".join(problems)
    return "structure checked (no XSD at hand)"


WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) hits = 0; total = 0 end
function response(status, headers, body)
  total = total + 1
  if headers["X-Page-Cache"] == "hit" then hits = hits + 1 end
end
function done(summary, latency, requests)
  local h, t = 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits"); t = t + thread:get("total")
  end
  io.write(string.format("CACHE-HITS %d %d\\n", h, t))
end
"""


def _wrk(url: str, *, seconds: int, script: Path) -> tuple[float, float, int]:
    """(requests/s, hit ratio, errors) of one wrk run."""
    output = subprocess.run(
        [
            "wrk", "--threads", "1", "--connections", str(LOAD_CONNECTIONS),
            "--duration", f"{seconds}s", "--timeout", "5s", "--script", str(script),
            url,
        ],
        capture_output=True, text=True, timeout=seconds + 60, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    hits, total = (
        int(n) for n in re.search(r"CACHE-HITS (\d+) (\d+)", output).groups()
    )
    errors = 0
    if found := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(found.group(1))
    if found := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):  # noqa: E501
        errors += sum(int(n) for n in found.groups())
    return rps, (hits / total if total else 0.0), errors


class LinkHealthWriter:
    """Link-health writes at a steady rate through the evidence check's own
    write (``claims.services.evidence_checks``): each flips one public
    claim's link between ok and dead, a change its page shows."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.done = 0
        self.seconds = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def available() -> bool:
        from claims.services import evidence_checks

        return hasattr(evidence_checks, "_Check")

    def __enter__(self) -> LinkHealthWriter:
        if self.rate:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(30)

    def _run(self) -> None:
        from django.db import connection
        from django.utils import timezone

        from claims.models import Evidence
        from claims.services.evidence_checks import _Check

        ids = list(
            Evidence.objects.filter(
                claim__state="published", health__in=["ok", "dead"]
            ).values_list("pk", flat=True)[:20000]
        )
        random.Random(7).shuffle(ids)
        started = time.perf_counter()
        try:
            while not self._stop.is_set():
                evidence = Evidence.objects.select_related("claim").get(
                    pk=ids[self.done % len(ids)]
                )
                health = "dead" if evidence.health == "ok" else "ok"
                _Check(evidence, "bench", timezone.now()).write(health=health)
                self.done += 1
                wait = started + self.done / self.rate - time.perf_counter()
                if wait > 0:
                    self._stop.wait(wait)
        finally:
            self.seconds = time.perf_counter() - started
            connection.close()

    @property
    def achieved(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0


def _drain(base: str, *, timeout: float = 120) -> None:
    """Wait until the server answers the hello-world view at once: the
    requests a load left queued are done."""
    client = Client(int(base.rsplit(":", 1)[1]))
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            status, ms, _body = client.get(web.HELLO)
            if status == 200 and ms < 50:
                return
            time.sleep(0.5)
    finally:
        client.close()


def _throughput(base: str, path: str, rate: int, script: Path) -> Throughput:
    measure = _hook("writes_alongside", "measure")
    if measure is not None:
        result = measure(
            base_url=base,
            path=path,
            writes_per_second=rate,
            seconds=LOAD_SECONDS,
            connections=LOAD_CONNECTIONS,
        )
        get = result.get if isinstance(result, dict) else lambda k: getattr(result, k)
        return Throughput(
            get("requests_per_second"),
            get("hit_ratio"),
            get("writes_per_second") if rate else 0.0,
            get("errors") or 0,
        )
    # Warm: one request renders the page into the cache before the load
    # (sixteen concurrent misses of a page that takes seconds would all
    # render at once and time out), then a short load.
    client = Client(int(base.rsplit(":", 1)[1]))
    client.get(path)
    client.close()
    _wrk(base + path, seconds=2, script=script)
    with LinkHealthWriter(rate) as writer:
        rps, hits, errors = _wrk(base + path, seconds=LOAD_SECONDS, script=script)
    return Throughput(rps, hits, writer.achieved, errors)


def serve_and_measure(
    *,
    env: dict,
    workdir: Path,
    label: str,
    pages: Pages,
    large: bool,
    log: Callable[[str], None],
) -> ServerFigures:
    port = web._free_port()
    base = f"http://127.0.0.1:{port}"
    server = processes.start(
        [
            str(processes.BIN / "gunicorn"),
            "tracker.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            *web.GUNICORN_OPTIONS,
        ],
        env=env,
        log=workdir / f"gunicorn-{label}.log",
    )
    result = ServerFigures()
    client = Client(port)
    try:
        processes.wait_for_url(base + web.HELLO, process=server)
        for name, path in figures(pages):
            cold = result.cold[name] = _cold(client, path)
            # A page that does not answer, or takes seconds, is not cached
            # either: a few samples say so.
            slow = not cold.ok or cold.first > 2000
            result.warm[name] = _warm(
                client, path, samples_wanted=3 if slow else SAMPLES
            )
            log(
                f"{label}: {name}: cold median {cold.median:.0f} ms "
                f"(n={len(cold.samples)}, first {cold.first:.0f} ms, "
                f"{sorted(cold.statuses)}), warm {result.warm[name].median:.1f} ms"
            )
        if large:
            result.sitemap, result.sitemap_schema = _sitemaps(client)
            log(f"{label}: sitemap files {result.sitemap}")
            script = workdir / "hits.lua"
            script.write_text(WRK_SCRIPT)
            if shutil.which("wrk"):
                result.writes_source = (
                    "bench.writes_alongside"
                    if _hook("writes_alongside", "measure")
                    else "the evidence check's write, flipping a link ok/dead"
                )
                for page, path in (
                    ("claim list", "/en/claims/"),
                    ("claim page", f"/en/claims/{pages.claim}/"),
                ):
                    for rate in WRITE_RATES:
                        # Renders left over from the last load (each up to
                        # the statement timeout) must not weigh on this one.
                        _drain(base)
                        _redis().flushdb()
                        figure = _throughput(base, path, rate, script)
                        result.throughput[(page, rate)] = figure
                        log(f"{label}: {page} with {rate} writes/s: {figure}")
            result.csv = _csv(port, server)
            log(f"{label}: CSV {result.csv}")
        result.web_rss_mb = list(_worker_rss(server).values())
    finally:
        client.close()
        processes.stop(server)
    return result
