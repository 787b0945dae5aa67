"""The million-claim bench's web measurements: one gunicorn server, each
page cold and warm, throughput and cache hits with link-health writes
alongside, the sitemap files and the CSV export (``bench.scale``)."""

from __future__ import annotations

import http.client
import os
import random
import re
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import processes, web
from .export_bench import Download, csv_memory
from .scale_pages import Pages, figures
from .writes_alongside import compare

REDIS_URL = os.environ.get("BENCH_SCALE_REDIS_URL", "redis://127.0.0.1:6379/7")

SAMPLES = 20
# Fewer cold samples of a page whose first answer is slow: (first answer
# over this many seconds, samples).
SLOW_SAMPLES = [(10.0, 1), (2.0, 5), (0.5, 10)]
REQUEST_TIMEOUT = 90
WRITE_RATES = [16, 50]
LOAD_SECONDS = 8
LOAD_ROUNDS = 5
WRITTEN_LINKS = 64
LOAD_CONNECTIONS = 16


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


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
    """``bench.writes_alongside.compare``'s figures for one page and rate:
    medians over rounds that alternate loads without writes and with them."""

    requests_per_second: float
    reference_requests_per_second: float
    share: float
    hit_ratio: float
    reference_hit_ratio: float
    writes_per_second: float
    failed_writes: int
    error: str = ""


@dataclass
class ServerFigures:
    cold: dict[str, Timing] = field(default_factory=dict)
    warm: dict[str, Timing] = field(default_factory=dict)
    throughput: dict[tuple[str, int], Throughput] = field(default_factory=dict)
    csv: Download | None = None
    sitemap: list[tuple[str, int, int]] = field(default_factory=list)
    sitemap_schema: str = ""
    web_rss_mb: list[float] = field(default_factory=list)


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


def _sitemaps(client: Client) -> tuple[list[tuple[str, int, int]], str]:
    """Each file the index names, first page per section: (address, URLs,
    bytes); and what the schema check found."""
    from lxml import etree

    status, _ms, body = client.get("/sitemap.xml")
    if status != 200:
        return [("/sitemap.xml", -1, len(body))], f"index answered {status}"
    index = etree.fromstring(body)
    files = [("/sitemap.xml", len(index), len(body))]
    schema_note = f"index: {_schema_check(body, 'siteindex.xsd')}"
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


# The sitemaps.org schema of a sitemap file, as the npm package ``sitemap``
# ships it (package.json; ``make validators``). The index's is written over
# its types in tests/standards (siteindex.xsd says why).
ROOT = Path(__file__).resolve().parents[1]
SITEMAP_XSD_DIR = ROOT / "node_modules/sitemap/schema"
SITEINDEX_XSD = ROOT / "tests/standards/siteindex.xsd"


def _schema_check(body: bytes, xsd: str) -> str:
    """Validate against the sitemaps.org XSD when a copy is at hand
    (``BENCH_SITEMAP_XSD_DIR``, else ``SITEMAP_XSD_DIR``; the index against
    ``SITEINDEX_XSD`` over the latter's types); otherwise check the
    structure only."""
    from lxml import etree

    folder = os.environ.get("BENCH_SITEMAP_XSD_DIR", "") or str(SITEMAP_XSD_DIR)
    path = Path(folder) / xsd
    schema_name = "the sitemaps.org schema"
    if (
        xsd == "siteindex.xsd"
        and not path.exists()
        and (SITEMAP_XSD_DIR / "sitemap.xsd").exists()
    ):
        path = SITEINDEX_XSD
        schema_name = "the sitemaps.org index format over sitemap.xsd's types"
    document = etree.fromstring(body)
    if path.exists():
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
            return f"valid against {schema_name}{aside}"
        return f"INVALID against {schema_name}: {schema.error_log.last_error}"
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


def _throughput(base: str, path: str, rate: int, evidence_ids: list[int]) -> Throughput:
    """Warm ``path`` under load without writes and with ``rate`` link-health
    writes a second on ``evidence_ids`` (``bench.writes_alongside``)."""
    # One request renders the page into the cache before the load (sixteen
    # concurrent misses of a page that takes seconds would all render at
    # once and time out).
    client = Client(int(base.rsplit(":", 1)[1]))
    client.get(path)
    client.close()
    try:
        result = compare(
            base=base,
            paths=[path],
            writes_per_second=rate,
            evidence_ids=evidence_ids,
            rounds=LOAD_ROUNDS,
            seconds=LOAD_SECONDS,
            connections=LOAD_CONNECTIONS,
        )
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        return Throughput(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, error=str(error))
    quiet_hits = sum(load.hits for load in result.without)
    quiet_counted = quiet_hits + sum(load.misses for load in result.without)
    return Throughput(
        requests_per_second=result.requests_per_second,
        reference_requests_per_second=result.reference_requests_per_second,
        share=result.share,
        hit_ratio=result.hit_ratio,
        reference_hit_ratio=quiet_hits / quiet_counted if quiet_counted else 0.0,
        writes_per_second=result.writes_per_second,
        failed_writes=result.failed_writes,
    )


def _written_links() -> list[int]:
    """The links the writes check: ``WRITTEN_LINKS`` links of public claims,
    few enough that every check but a link's first flips it between working
    and moved (pointed at the flip server for the run)."""
    from claims.models import Evidence

    ids = list(
        Evidence.objects.filter(claim__state="published")
        .order_by()
        .values_list("pk", flat=True)[: WRITTEN_LINKS * 4]
    )
    random.Random(7).shuffle(ids)  # noqa: S311 - not for security
    return ids[:WRITTEN_LINKS]


def serve_and_measure(
    *,
    env: dict,
    workdir: Path,
    label: str,
    pages: Pages,
    large: bool,
    log: Callable[[str], None],
) -> ServerFigures:
    result = ServerFigures()
    with web.served(env=env, workdir=workdir, label=label) as (base, server):
        client = Client(int(base.rsplit(":", 1)[1]))
        try:
            # The worker answers each page once first: a new process imports
            # and compiles on its first requests (the home page, measured
            # first, took 200 ms once). Cold means nothing cached, in Redis.
            for _name, path in figures(pages):
                client.get(path)
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
                evidence_ids = _written_links()
                for page, path in (
                    ("claim list", "/en/claims/"),
                    ("claim page", f"/en/claims/{pages.claim}/"),
                ):
                    for rate in WRITE_RATES:
                        # Renders left over from the last load (each up to the
                        # statement timeout) must not weigh on this one.
                        _drain(base)
                        _redis().flushdb()
                        figure = _throughput(base, path, rate, evidence_ids)
                        result.throughput[(page, rate)] = figure
                        log(f"{label}: {page} with {rate} writes/s: {figure}")
                result.csv = csv_memory(
                    f"{base}/api/v1/claims/?format=csv", server_pid=server.pid
                )
                log(
                    f"{label}: CSV {result.csv.size:,} bytes in "
                    f"{result.csv.seconds:.1f} s, "
                    f"worker growth {result.csv.growth_mb:.0f} MB"
                )
            result.web_rss_mb = list(_worker_rss(server).values())
        finally:
            client.close()
    return result
