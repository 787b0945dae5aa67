"""The exports at size: the CSV of every claim (time, bytes, and how much the
web worker's memory grows while it is downloaded), the sitemap (the index and
every file: time, addresses, bytes) and the ClaimReview export read page by
page to the end.

    python -m bench.export_bench [CLAIMS]     # default 100,000

It builds a PostgreSQL database of its own (``BENCH_DATABASE_NAME``, default
``tracker_export_bench``; dropped afterwards; SQLite when PostgreSQL does not
answer) with ``CLAIMS`` published claims bulk-created, serves it with gunicorn
and the production settings ``make bench`` uses, the page cache off, and
prints one table.

The measuring functions take an address and, for memory, the gunicorn
master's process id, so another bench that serves its own database can call
them: ``csv_memory``, ``sitemap_files``, ``claimreview_walk``.
"""

from __future__ import annotations

import http.client
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

from . import processes

CLAIMS = 100_000
BATCH = 5_000
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# How often the web workers' memory is read during a download.
RSS_INTERVAL = 0.05
TIMEOUT = 900


@dataclass
class Download:
    """One response read to the end: status, seconds, bytes, and the growth
    of the gunicorn worker that grew most (resident memory, MB) over what it
    held before the request, at its peak during the download."""

    status: int
    seconds: float
    size: int
    growth_mb: float = 0.0
    peak_mb: float = 0.0
    body: bytes = b""


def _workers_rss(server_pid: int | None) -> dict[int, float]:
    if server_pid is None:
        return {}
    return {pid: processes.rss_mb(pid) for pid in processes.children(server_pid)}


def fetch(url: str, *, server_pid: int | None = None, keep: bool = False) -> Download:
    """GET ``url``, reading the body in 1 MB pieces (kept when ``keep``),
    while a thread reads the memory of ``server_pid``'s workers every
    ``RSS_INTERVAL`` seconds."""
    parts = urlsplit(url)
    before = _workers_rss(server_pid)
    peak = dict(before)
    done = threading.Event()

    def watch() -> None:
        while not done.wait(RSS_INTERVAL):
            for pid, rss in _workers_rss(server_pid).items():
                peak[pid] = max(peak.get(pid, 0.0), rss)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    pieces: list[bytes] = []
    size = 0
    started = time.perf_counter()
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        while piece := response.read(1 << 20):
            size += len(piece)
            if keep:
                pieces.append(piece)
        seconds = time.perf_counter() - started
    finally:
        done.set()
        watcher.join()
        connection.close()
    for pid, rss in _workers_rss(server_pid).items():
        peak[pid] = max(peak.get(pid, 0.0), rss)
    growth = max(
        (peak[pid] - before[pid] for pid in peak if pid in before), default=0.0
    )
    return Download(
        status=response.status,
        seconds=seconds,
        size=size,
        growth_mb=growth,
        peak_mb=max(peak.values(), default=0.0),
        body=b"".join(pieces),
    )


def csv_memory(url: str, *, server_pid: int | None = None) -> Download:
    """Download the CSV of every claim at ``url`` (e.g.
    ``http://127.0.0.1:8000/api/v1/claims/?format=csv``): seconds, bytes and
    the largest growth of a web worker's memory while it streamed (with
    ``server_pid``, the gunicorn master's id)."""
    download = fetch(url, server_pid=server_pid)
    if download.status != 200:
        raise RuntimeError(f"CSV export answered {download.status}")
    return download


@dataclass
class SitemapFile:
    address: str
    seconds: float
    urls: int
    size: int


def sitemap_files(base: str, *, server_pid: int | None = None) -> list[SitemapFile]:
    """The index at ``base``/sitemap.xml, then every file it names, each read
    whole: the index first (its ``urls`` are the files it names)."""
    index = fetch(f"{base}/sitemap.xml", server_pid=server_pid, keep=True)
    if index.status != 200:
        raise RuntimeError(f"the sitemap index answered {index.status}")
    root = ElementTree.fromstring(index.body)  # noqa: S314 - the bench's own server
    addresses = [loc.text or "" for loc in root.iter(f"{{{SITEMAP_NS}}}loc")]
    found = [SitemapFile("/sitemap.xml", index.seconds, len(addresses), index.size)]
    for address in addresses:
        local = urlsplit(address)
        path = local.path + (f"?{local.query}" if local.query else "")
        download = fetch(base + path, server_pid=server_pid, keep=True)
        if download.status != 200:
            raise RuntimeError(f"{path} answered {download.status}")
        urls = ElementTree.fromstring(download.body).findall(  # noqa: S314
            f"{{{SITEMAP_NS}}}url"
        )
        found.append(SitemapFile(path, download.seconds, len(urls), download.size))
    return found


@dataclass
class Walk:
    pages: int
    items: int
    seconds: float
    slowest_page: float
    growth_mb: float


def claimreview_walk(
    base: str, *, page_size: int = 1000, server_pid: int | None = None
) -> Walk:
    """Every page of the ClaimReview export, following ``next``."""
    import json

    url: str | None = f"{base}/api/v1/claimreview/?page_size={page_size}"
    pages = items = 0
    seconds = slowest = growth = 0.0
    while url:
        download = fetch(url, server_pid=server_pid, keep=True)
        if download.status != 200:
            raise RuntimeError(f"{url} answered {download.status}")
        page = json.loads(download.body)
        pages += 1
        items += len(page["results"])
        seconds += download.seconds
        slowest = max(slowest, download.seconds)
        growth = max(growth, download.growth_mb)
        url = page["next"]
        if url:
            url = base + url[len(f"{urlsplit(url).scheme}://{urlsplit(url).netloc}") :]
    return Walk(pages, items, seconds, slowest, growth)


def claims_create(count: int) -> None:
    """``count`` published claims with count/20 speakers and count/4
    articles, bulk-created in batches (no history rows: the exports do not
    read them)."""
    from django.db import connection

    from claims.models import Article, Claim, Speaker

    from .data import _analyze, claims_new

    speakers = Speaker.objects.bulk_create(
        Speaker(slug=f"speaker-{n}", name=f"发言人{n}", name_en=f"Speaker {n}")
        for n in range(max(1, count // 20))
    )
    articles = Article.objects.bulk_create(
        Article(slug=f"article-{n}", title=f"小米汽车交付量报道第{n}篇")
        for n in range(max(1, count // 4))
    )
    for start in range(0, count, BATCH):
        Claim.objects.bulk_create(
            claims_new(
                min(BATCH, count - start),
                start=start,
                speakers=speakers,
                articles=articles,
            )
        )
    _analyze(connection)


def _table(rows: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name.ljust(width)} | {value}" for name, value in rows)


def main(argv: list[str]) -> int:
    from . import data
    from .__main__ import environment
    from .web import GUNICORN_OPTIONS, HELLO, _free_port

    data.DATABASE_NAME = os.environ.get("BENCH_DATABASE_NAME", "tracker_export_bench")
    count = int(argv[0]) if argv else CLAIMS
    workdir = Path(tempfile.mkdtemp(prefix="tracker-export-bench-"))
    database_url, engine = data.database_create(workdir)
    env = environment(database_url=database_url, workdir=workdir, redis=False)
    env["READER_PAGE_CACHE_SECONDS"] = "0"
    os.environ.update(env)
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        claims_create(count)
        print(
            f"export bench: {engine}, {count:,} claims in "
            f"{time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = processes.start(
            [
                str(processes.BIN / "gunicorn"),
                "tracker.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                "--timeout=900",
                *GUNICORN_OPTIONS,
            ],
            env=env,
            log=workdir / "gunicorn.log",
        )
        try:
            processes.wait_for_url(base + HELLO, process=server)
            # Warm both workers (imports, connections) before measuring.
            for _ in range(4):
                fetch(base + "/api/v1/claims/?page_size=1")
            rows = _measure(base, server.pid, count)
        finally:
            processes.stop(server)
        print(f"export bench: {engine}, {count:,} published claims, gunicorn")
        print(_table(rows))
    finally:
        data.database_drop(database_url)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _measure(base: str, server_pid: int, count: int) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    csv = csv_memory(f"{base}/api/v1/claims/?format=csv", server_pid=server_pid)
    rows.append(
        (
            "CSV of every claim",
            f"{csv.seconds:.1f} s, {csv.size / 1e6:.1f} MB, "
            f"{count / csv.seconds:,.0f} rows/s, worker memory +{csv.growth_mb:.1f} MB "
            f"(peak {csv.peak_mb:.0f} MB)",
        )
    )
    files = sitemap_files(base, server_pid=server_pid)
    index, sections = files[0], files[1:]
    claim_files = [f for f in sections if f.address.startswith("/sitemap-claims")]
    rows.append(("sitemap index", f"{index.seconds * 1000:.0f} ms, {index.urls} files"))
    largest = max(sections, key=lambda f: f.size)
    slowest = max(sections, key=lambda f: f.seconds)
    rows.append(
        (
            "sitemap files",
            f"{len(sections)} files ({len(claim_files)} of claims), "
            f"{sum(f.urls for f in claim_files):,} claim addresses; "
            f"largest {largest.urls:,} addresses, {largest.size / 1e6:.1f} MB; "
            f"slowest {slowest.seconds:.2f} s ({slowest.address}); "
            f"all files {sum(f.seconds for f in sections):.1f} s",
        )
    )
    walk = claimreview_walk(base, server_pid=server_pid)
    rows.append(
        (
            "ClaimReview export, 1,000 a page",
            f"{walk.pages} pages, {walk.items:,} objects in {walk.seconds:.1f} s, "
            f"slowest page {walk.slowest_page * 1000:.0f} ms, "
            f"worker memory +{walk.growth_mb:.1f} MB",
        )
    )
    return rows


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
