"""``make bench-scale``: the reader pages, the API and the background jobs at a
million claims (``SCALE``), against the 43-claim seed measured in the same run.

Two PostgreSQL databases of the bench's own: the seed (``load_seed``) and
``SCALE`` claims built by set-based SQL (``bench.scale_data``). Each is
served by gunicorn with the production settings ``make bench`` uses, Redis
for the cache, and measured the same way:

- cold: the bench's Redis database is emptied before every request, so
  nothing is cached (pages, fragments, counts); 20 sequential requests on one
  keep-alive connection (fewer when a page takes seconds: the table says how
  many), their median and p99, and the first;
- warm: the page once, then 20 sequential requests served from the cache;
- throughput of the list and claim pages under wrk, with 0, 16 and 50
  link-health writes a second running alongside, and the share of answers
  served from the page cache (the ``X-Page-Cache`` header).

Then, on the large database: the CSV export of every claim (time and the web
worker's memory growth), the sitemap files (URL counts, size, and the
sitemaps.org schema when it is at hand), the deadline and review scans
against one SQL UPDATE of the same rows, one evidence scheduler tick, and
the memory of the web and Celery workers after the run.

Parts that other modules measure better are taken from them when they
define them, and measured here plainly otherwise (``_hook``):
``bench.writes_alongside.measure``, ``bench.scheduler_bench.tick_seconds``
and ``bench.search_bench.time_query``.

    python -m bench.scale [CLAIMS]     # default 1,000,000; SCALE=... too
"""

from __future__ import annotations

import contextlib
import http.client
import importlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import processes, scale_data, web
from .__main__ import Table, environment

REDIS_URL = os.environ.get("BENCH_SCALE_REDIS_URL", "redis://127.0.0.1:6379/7")

SAMPLES = 20
# Fewer cold samples of a page whose first answer is slow: (first answer
# over this many seconds, samples).
SLOW_SAMPLES = [(10.0, 1), (2.0, 5), (0.5, 10)]
REQUEST_TIMEOUT = 90
WRITE_RATES = [0, 16, 50]
LOAD_SECONDS = 8
LOAD_CONNECTIONS = 16

COLD_MEDIAN_MS = 50
COLD_P99_MS = 200
SEED_RATIO = 3
THROUGHPUT_SHARE = 0.80
HIT_RATIO = 0.95
SCAN_RATIO = 3
TICK_SECONDS = 1.0
SITEMAP_URLS = 50_000
SITEMAP_BYTES = 50 * 1024 * 1024
CSV_GROWTH_MB = 50
WEB_RSS_MB = 200
CELERY_RSS_MB = 250

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


# --- What each database shows ------------------------------------------------


def pages_of(database: str) -> scale_data.Pages:
    """The addresses to measure, read from the database itself."""
    import psycopg

    with psycopg.connect(scale_data.database_url(database)) as connection:

        def one(sql: str) -> Any:
            row = connection.execute(sql).fetchone()
            return row[0] if row else None

        public = "state IN ('published', 'retracted')"
        speakers = connection.execute(
            f"SELECT s.slug, count(*) FROM claims_claim c JOIN claims_speaker s "  # noqa: S608
            f"ON s.id = c.speaker_id WHERE {public} GROUP BY s.slug "
            "ORDER BY 2 DESC, 1"
        ).fetchall()
        articles = connection.execute(
            f"SELECT a.slug, count(*) FROM claims_claim c JOIN claims_article a "  # noqa: S608
            f"ON a.id = c.article_id WHERE {public} GROUP BY a.slug "
            "ORDER BY 2 DESC, 1"
        ).fetchall()
        return scale_data.Pages(
            claim=one(
                f"SELECT slug FROM claims_claim WHERE {public} "  # noqa: S608
                "ORDER BY id LIMIT 1"
            ),
            speaker_big=speakers[0][0],
            speaker=speakers[len(speakers) // 2][0],
            article_big=articles[0][0],
            article=articles[len(articles) // 2][0],
            big_article_claims=articles[0][1],
            search_zh="通胀",
            search_en="inflation",
            search_zh_rare=scale_data.rare_word(scale_data.rare_word_of(1))[0],
            search_en_rare=scale_data.rare_word(scale_data.rare_word_of(1))[1],
            topic=one(
                "SELECT t.slug FROM claims_claim_topics ct JOIN claims_topic t "
                "ON t.id = ct.topic_id GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1"
            )
            or "",
            rating=one(
                f"SELECT r.slug FROM claims_claim c JOIN claims_rating r "  # noqa: S608
                f"ON r.id = c.rating_id WHERE {public} GROUP BY r.slug "
                "ORDER BY count(*) DESC LIMIT 1"
            ),
            list_pages=max(
                1,
                -(
                    -int(one(f"SELECT count(*) FROM claims_claim WHERE {public}"))  # noqa: S608
                    // 50
                ),
            ),
        )


def figures(pages: scale_data.Pages) -> list[tuple[str, str]]:
    """(figure, address) of every reader page and API list measured."""
    deep = min(200, pages.list_pages)
    rows = [
        ("home page", "/en/"),
        ("claim list, first page", "/en/claims/"),
        (f"claim list, page {deep}", f"/en/claims/?page={deep}"),
        (
            f"search, Chinese, common word ({pages.search_zh})",
            f"/zh-hans/claims/?q={pages.search_zh}",
        ),
        (
            f"search, English, common word ({pages.search_en})",
            f"/en/claims/?q={pages.search_en}",
        ),
        (
            f"search, Chinese, rare word ({pages.search_zh_rare})",
            f"/zh-hans/claims/?q={pages.search_zh_rare}",
        ),
        (
            f"search, English, rare word ({pages.search_en_rare})",
            f"/en/claims/?q={pages.search_en_rare}",
        ),
        (f"filter: rating={pages.rating}", f"/en/claims/?rating={pages.rating}"),
        ("filter: kind=prediction", "/en/claims/?kind=prediction"),
        ("filter: speaker (most quoted)", f"/en/claims/?speaker={pages.speaker_big}"),
        ("filter: article (most claims)", f"/en/claims/?article={pages.article_big}"),
        (f"filter: topic={pages.topic}", f"/en/claims/?topic={pages.topic}"),
        ("filter: deadline=passed", "/en/claims/?deadline=passed"),
        ("filter: deadline=upcoming", "/en/claims/?deadline=upcoming"),
        ("sort: deadline", "/en/claims/?sort=deadline"),
        ("speaker page, most quoted", f"/en/speakers/{pages.speaker_big}/"),
        ("speaker page, typical", f"/en/speakers/{pages.speaker}/"),
        (
            f"article page, most claims ({pages.big_article_claims:,})",
            f"/en/articles/{pages.article_big}/",
        ),
        ("article page, typical", f"/en/articles/{pages.article}/"),
        ("claim page", f"/en/claims/{pages.claim}/"),
        ("Atom feed of re-ratings", "/en/feed/"),
        ("claim feed", f"/en/claims/{pages.claim}/feed/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap, first claims file", "/sitemap-claims.xml?p=1"),
        ("API claim list", "/api/v1/claims/"),
        ("API search", f"/api/v1/claims/?search={pages.search_en}"),
        ("API ClaimReview export, first page", "/api/v1/claimreview/"),
    ]
    return rows


# --- One server, its measurements ---------------------------------------------


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
    _wrk(base + path, seconds=2, script=script)  # fill the cache
    with LinkHealthWriter(rate) as writer:
        rps, hits, errors = _wrk(base + path, seconds=LOAD_SECONDS, script=script)
    return Throughput(rps, hits, writer.achieved, errors)


def serve_and_measure(
    *,
    env: dict,
    workdir: Path,
    label: str,
    pages: scale_data.Pages,
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


# --- Background work on the large database -------------------------------------


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


# --- The run -----------------------------------------------------------------


def _log(message: str) -> None:
    print(f"bench-scale: {message}", file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    claims = int(
        argv[1] if len(argv) > 1 else os.environ.get("SCALE") or scale_data.CLAIMS
    )
    keep = os.environ.get("BENCH_SCALE_KEEP") == "1"
    begun = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="tracker-bench-scale-"))
    seed_url = scale_data.database_create(scale_data.SEED_DATABASE)
    scale_url = scale_data.database_create(scale_data.SCALE_DATABASE)

    def env_for(url: str) -> dict:
        env = environment(database_url=url, workdir=workdir, redis=True)
        env["REDIS_URL"] = REDIS_URL
        env["CELERY_BROKER_URL"] = REDIS_URL
        return env

    seed_env, scale_env = env_for(seed_url), env_for(scale_url)
    os.environ.update({**scale_env, "DATABASE_STATEMENT_TIMEOUT": "0"})
    try:
        return _run(
            claims, seed_env=seed_env, scale_env=scale_env, workdir=workdir, begun=begun
        )
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        scale_data.database_drop(scale_data.SEED_DATABASE)
        if keep:
            _log(f"kept {scale_data.SCALE_DATABASE} (BENCH_SCALE_KEEP=1)")
        else:
            scale_data.database_drop(scale_data.SCALE_DATABASE)
        _redis().flushdb()
        shutil.rmtree(workdir, ignore_errors=True)


def _run(claims: int, *, seed_env: dict, scale_env: dict, workdir: Path, begun) -> int:
    import django
    from django.core.management import call_command

    (workdir / "var").mkdir(exist_ok=True)
    started = time.perf_counter()
    scale_data.manage(["migrate", "--noinput"], env=seed_env, log=workdir / "seed.log")
    scale_data.manage(["load_seed"], env=seed_env, log=workdir / "seed.log")
    _log(f"seed database in {time.perf_counter() - started:.1f} s")

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    build = scale_data.data_create(claims, log=_log)
    size = scale_data.database_size(scale_data.SCALE_DATABASE)
    _log(f"{claims:,} claims built in {build.seconds:.0f} s ({size})")
    rebuild = _rebuild_sample()
    _log(f"search index rebuild: {rebuild:.2f} ms a claim")

    seed_pages = pages_of(scale_data.SEED_DATABASE)
    scale_pages = pages_of(scale_data.SCALE_DATABASE)
    seed = serve_and_measure(
        env=seed_env, workdir=workdir, label="seed", pages=seed_pages, large=False,
        log=_log,
    )  # fmt: skip
    scale = serve_and_measure(
        env=scale_env, workdir=workdir, label="scale", pages=scale_pages, large=True,
        log=_log,
    )  # fmt: skip
    search_rows = _search_in_process(scale_pages)
    tick_seconds, tick_source = scheduler_tick()
    _log(f"scheduler tick {tick_seconds:.3f} s ({tick_source})")
    celery_rss = celery_scans_rss(scale_env, workdir, _log)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_flag")
    from . import scan

    scans = scan.run()
    _log(f"scans {scans}")

    table = _table(
        claims=claims, seed=seed, scale=scale, seed_pages=seed_pages,
        scale_pages=scale_pages, scans=scans, tick=(tick_seconds, tick_source),
        celery_rss=celery_rss, search_rows=search_rows,
    )  # fmt: skip
    print()
    print(
        f"make bench-scale: PostgreSQL, {claims:,} claims "
        f"({claims * scale_data.EVIDENCE_PER_CLAIM:,} evidence links, "
        f"{scale_data.SPEAKERS:,} speakers, {scale_data.ARTICLES:,} articles; {size}) "
        f"built in {build.seconds:.0f} s by set-based SQL; the seed's 43 claims in "
        f"the same run; gunicorn {' '.join(web.GUNICORN_OPTIONS)}; cold: Redis "
        f"emptied before each request, {SAMPLES} sequential requests (fewer when "
        f"the first takes over 0.5 s); warm: {SAMPLES} requests after one; "
        f"search index rebuild {rebuild:.2f} ms a claim "
        f"({rebuild * claims / 60000:.0f} min for all); "
        f"{time.monotonic() - begun:.0f} s in all"
    )
    print()
    print("data build: " + "; ".join(f"{name} {s:.1f} s" for name, s in build.steps))
    print()
    table.print()
    return 0 if all(row[5] != "FAIL" for row in table.rows) else 1


def _rebuild_sample(count: int = 2000) -> float:
    """The project's own index writer over ``count`` claims: ms a claim."""
    from claims.services.search_index import search_index_claims

    started = time.perf_counter()
    search_index_claims(claim_ids=range(1, count + 1))
    return (time.perf_counter() - started) * 1000 / count


def _search_in_process(pages: scale_data.Pages) -> list[tuple[str, float, float, int]]:
    """The reader list's search queries in-process (``bench.search_bench``)."""
    time_query = _hook("search_bench", "time_query") or _hook(
        "search_bench", "_time_query"
    )
    if time_query is None:
        return []
    rows = []
    for query in (pages.search_zh, pages.search_en, pages.search_zh_rare):
        timings, total, _plan = time_query(query)
        rows.append((query, statistics.median(timings), p99(timings), total))
    return rows


def _ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _table(
    *, claims, seed, scale, seed_pages, scale_pages, scans, tick, celery_rss,
    search_rows,
) -> Table:  # fmt: skip
    table = Table()
    seed_names = [name for name, _path in figures(seed_pages)]
    for index, (name, _path) in enumerate(figures(scale_pages)):
        cold = scale.cold[name]
        reference = seed.cold.get(seed_names[index])
        ratio = cold.median / reference.median if reference else None
        ok = (
            cold.ok
            and cold.median < COLD_MEDIAN_MS
            and cold.p99 < COLD_P99_MS
            and (ratio is None or ratio <= SEED_RATIO)
        )
        statuses = "" if cold.ok else f" answered {sorted(cold.statuses)}"
        table.add(
            f"cold: {name}, ms median / p99 (n={len(cold.samples)}; "
            f"first {_ms(cold.first)}){statuses}",
            f"{_ms(cold.median)} / {_ms(cold.p99)}",
            f"seed {_ms(reference.median)} / {_ms(reference.p99)}" if reference else "",
            f"{ratio:.1f}x" if ratio is not None else "",
            f"< {COLD_MEDIAN_MS} / < {COLD_P99_MS}, <= {SEED_RATIO}x",
            ok,
        )
    for index, (name, _path) in enumerate(figures(scale_pages)):
        warm = scale.warm[name]
        reference = seed.warm.get(seed_names[index])
        table.add(
            f"warm: {name}, ms median / p99",
            f"{_ms(warm.median)} / {_ms(warm.p99)}",
            f"seed {_ms(reference.median)} / {_ms(reference.p99)}" if reference else "",
            f"{warm.median / reference.median:.1f}x" if reference else "",
            "",
            None if warm.ok else False,
        )
    for page in ("claim list", "claim page"):
        quiet = scale.throughput.get((page, 0))
        for rate in WRITE_RATES[1:]:
            loaded = scale.throughput.get((page, rate))
            if quiet is None or loaded is None:
                table.add(
                    f"warm {page} with {rate} link-health writes/s: not available "
                    "(needs wrk)", "", "", "", f">= {THROUGHPUT_SHARE:.0%}", False,
                )  # fmt: skip
                continue
            share = loaded.requests_per_second / quiet.requests_per_second
            hits = loaded.hit_ratio or 0.0
            targeted = rate == 16
            table.add(
                f"warm {page}, req/s with {rate} link-health writes/s "
                f"({loaded.writes_per_second:.1f} done; {scale.writes_source}; "
                f"{loaded.errors} errors)",
                f"{loaded.requests_per_second:,.0f}",
                f"no writes {quiet.requests_per_second:,.0f}",
                f"{share:.0%}",
                f">= {THROUGHPUT_SHARE:.0%}" if targeted else "",
                share >= THROUGHPUT_SHARE if targeted else None,
            )
            table.add(
                f"warm {page}, page cache hit ratio with {rate} writes/s",
                f"{hits:.1%}",
                f"no writes {(quiet.hit_ratio or 0):.1%}",
                "",
                f"> {HIT_RATIO:.0%}" if targeted else "",
                hits > HIT_RATIO if targeted else None,
            )
    for query, median, high, total in search_rows:
        table.add(
            f"search in-process (bench.search_bench): {query} ({total:,} matches), ms "
            "median / p99",
            f"{_ms(median)} / {_ms(high)}", "", "", f"< {COLD_MEDIAN_MS}",
            median < COLD_MEDIAN_MS,
        )  # fmt: skip
    if not search_rows:
        table.add(
            "search in-process (bench.search_bench): not available",
            "", "", "", "", None,
        )  # fmt: skip
    largest = max((urls for _a, urls, _b in scale.sitemap[1:]), default=-1)
    heaviest = max((size for _a, _u, size in scale.sitemap), default=0)
    index_urls = scale.sitemap[0][1] if scale.sitemap else -1
    table.add(
        f"sitemap: index lists {index_urls:,} files; largest file's URLs "
        f"({len(scale.sitemap) - 1} files read; {scale.sitemap_schema})",
        f"{largest:,}",
        f"largest {heaviest / 1e6:.1f} MB",
        "",
        f"<= {SITEMAP_URLS:,}, <= 50 MB, valid",
        0 <= largest <= SITEMAP_URLS
        and index_urls > 0
        and heaviest <= SITEMAP_BYTES
        and "INVALID" not in scale.sitemap_schema,
    )
    if scale.csv:
        seconds, growth, size = scale.csv
        table.add(
            f"CSV export of every claim ({size / 1e6:,.0f} MB in {seconds:.1f} s): "
            "web worker RSS growth, MB",
            f"{growth:.0f}", "", "", f"< {CSV_GROWTH_MB}", growth < CSV_GROWTH_MB,
        )  # fmt: skip
    ratio = scans.scan_seconds / scans.update_seconds
    table.add(
        f"deadline + review scans over {scans.claims:,} claims, s "
        f"({scans.flagged:,} flags)",
        f"{scans.scan_seconds:.2f}",
        f"1 SQL UPDATE {scans.update_seconds:.2f} ({scans.updated:,} rows)",
        f"{ratio:.1f}x",
        f"<= {SCAN_RATIO}x",
        ratio <= SCAN_RATIO,
    )
    tick_seconds, source = tick
    table.add(
        f"evidence scheduler tick, s ({source})",
        f"{tick_seconds:.3f}", "", "", f"< {TICK_SECONDS:.0f}",
        tick_seconds < TICK_SECONDS,
    )  # fmt: skip
    rss = max(scale.web_rss_mb, default=0.0)
    table.add(
        "web worker RSS after the run, MB (largest gunicorn worker)",
        f"{rss:.0f}", "", "", f"< {WEB_RSS_MB}", rss < WEB_RSS_MB,
    )  # fmt: skip
    table.add(
        "Celery worker RSS after both scans, MB (all its processes)",
        f"{celery_rss:.0f}", "", "", f"< {CELERY_RSS_MB}", celery_rss < CELERY_RSS_MB,
    )  # fmt: skip
    return table


if __name__ == "__main__":
    sys.exit(main(sys.argv))
