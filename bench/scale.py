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
- throughput of the list and claim pages under wrk with 16 and 50
  link-health writes a second alongside, against the same load without
  writes, and the share of answers served from the page cache (the
  ``X-Page-Cache`` header).

Then, on the large database: the CSV export of every claim (time and the web
worker's memory growth), the sitemap files (URL counts, size, and the
sitemaps.org schema when it is at hand), the deadline and review scans
against one SQL UPDATE of the same rows, one evidence scheduler tick, and
the memory of the web and Celery workers after the run.

Parts other benches measure are measured with their functions, on this
bench's servers and database: the writes alongside with
``bench.writes_alongside.compare``, the CSV with
``bench.export_bench.csv_memory``, the search with
``bench.search_bench.measure``; the scheduler tick is the service functions
``claims.tasks.evidence_check_batch`` calls, on the large database, rolled
back.

    python -m bench.scale [CLAIMS]     # default 1,000,000; SCALE=... too
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import scale_data, web
from .__main__ import Table, environment
from .scale_background import (
    SEARCH_ROUNDS,
    _rebuild_sample,
    _search_in_process,
    celery_scans_rss,
    scheduler_tick,
)
from .scale_pages import figures, pages_of
from .scale_web import (
    LOAD_ROUNDS,
    REDIS_URL,
    SAMPLES,
    WRITE_RATES,
    _redis,
    serve_and_measure,
)

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


# --- The run -----------------------------------------------------------------


def _log(message: str) -> None:
    print(f"bench-scale: {message}", file=sys.stderr, flush=True)


def _kept_reset(name: str) -> None:
    """Database ``name``, kept from an earlier run, as a fresh build leaves
    it: no flags or public events (the scans of that run opened them), and
    vacuumed and analysed (its writes left the visibility map stale, which
    turns index-only scans into heap reads)."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(scale_data.database_url(name), autocommit=True) as connection:
        connection.execute("TRUNCATE claims_flag, claims_publicevent CASCADE")
        connection.execute("VACUUM ANALYZE")
    _log(f"kept data reset and vacuumed in {time.perf_counter() - started:.1f} s")


def main(argv: list[str]) -> int:
    claims = int(
        argv[1] if len(argv) > 1 else os.environ.get("SCALE") or scale_data.CLAIMS
    )
    keep = os.environ.get("BENCH_SCALE_KEEP") == "1"
    begun = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="tracker-bench-scale-"))
    seed_url = scale_data.database_create(scale_data.SEED_DATABASE)
    # BENCH_SCALE_REUSE=1 measures a database kept by BENCH_SCALE_KEEP=1
    # that holds as many claims, instead of building it again.
    reuse = (
        os.environ.get("BENCH_SCALE_REUSE") == "1"
        and scale_data.claim_count(scale_data.SCALE_DATABASE) == claims
    )
    if reuse:
        scale_url = scale_data.database_url(scale_data.SCALE_DATABASE)
        _log(f"measuring the {claims:,} claims kept in {scale_data.SCALE_DATABASE}")
        _kept_reset(scale_data.SCALE_DATABASE)
    else:
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
            claims,
            seed_env=seed_env,
            scale_env=scale_env,
            workdir=workdir,
            begun=begun,
            reuse=reuse,
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


def _run(
    claims: int, *, seed_env: dict, scale_env: dict, workdir: Path, begun, reuse: bool
) -> int:
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
    if reuse:
        build = scale_data.BuildReport(claims, steps=[("kept from an earlier run", 0)])
    else:
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


def _ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _seed_label(name: str, seed_name: str) -> str:
    """ "seed", with the seed's own words where its figure searches for
    others (``bench.scale_pages.SEED_WORDS``)."""
    if seed_name == name:
        return "seed"
    return f"seed ({seed_name.rpartition('(')[2].rstrip(')')})"


def _table(
    *, claims, seed, scale, seed_pages, scale_pages, scans, tick, celery_rss,
    search_rows,
) -> Table:  # fmt: skip
    table = Table()
    seed_names = [name for name, _path in figures(seed_pages)]
    for index, (name, _path) in enumerate(figures(scale_pages)):
        cold = scale.cold[name]
        reference = seed.cold.get(seed_names[index])
        seed_label = _seed_label(name, seed_names[index])
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
            f"{seed_label} {_ms(reference.median)} / {_ms(reference.p99)}"
            if reference
            else "",
            f"{ratio:.1f}x" if ratio is not None else "",
            f"< {COLD_MEDIAN_MS} / < {COLD_P99_MS}, <= {SEED_RATIO}x",
            ok,
        )
    for index, (name, _path) in enumerate(figures(scale_pages)):
        warm = scale.warm[name]
        reference = seed.warm.get(seed_names[index])
        seed_label = _seed_label(name, seed_names[index])
        table.add(
            f"warm: {name}, ms median / p99",
            f"{_ms(warm.median)} / {_ms(warm.p99)}",
            f"{seed_label} {_ms(reference.median)} / {_ms(reference.p99)}"
            if reference
            else "",
            f"{warm.median / reference.median:.1f}x" if reference else "",
            "",
            None if warm.ok else False,
        )
    for page in ("claim list", "claim page"):
        for rate in WRITE_RATES:
            figure = scale.throughput.get((page, rate))
            targeted = rate == 16
            if figure is None or figure.error:
                why = figure.error if figure else "not measured"
                table.add(
                    f"warm {page} with {rate} link-health writes/s: {why}",
                    "", "", "", f">= {THROUGHPUT_SHARE:.0%}" if targeted else "",
                    False if targeted else None,
                )  # fmt: skip
                continue
            failed = f", {figure.failed_writes} failed" if figure.failed_writes else ""
            table.add(
                f"warm {page}, req/s with {rate} link-health writes/s "
                f"({figure.writes_per_second:.1f} done{failed}; "
                f"bench.writes_alongside, {LOAD_ROUNDS} rounds)",
                f"{figure.requests_per_second:,.0f}",
                f"no writes {figure.reference_requests_per_second:,.0f}",
                f"{figure.share:.0%}",
                f">= {THROUGHPUT_SHARE:.0%}" if targeted else "",
                figure.share >= THROUGHPUT_SHARE if targeted else None,
            )
            table.add(
                f"warm {page}, page cache hit ratio with {rate} writes/s",
                f"{figure.hit_ratio:.1%}",
                f"no writes {figure.reference_hit_ratio:.1%}",
                "",
                f"> {HIT_RATIO:.0%}" if targeted else "",
                figure.hit_ratio > HIT_RATIO if targeted else None,
            )
    for row in search_rows:
        worst = max(row.list_ms[1], row.api_ms[1])
        listed = f"{row.matches:,}{'+' if row.capped else ''}"
        table.add(
            f"search, nothing cached (bench.search_bench, n={SEARCH_ROUNDS}): "
            f"{row.query} ({listed} listed; GIN {'yes' if row.gin else 'no'}), "
            "list queries / API, ms median / p99",
            f"{_ms(row.list_ms[0])} / {_ms(row.list_ms[1])}; "
            f"{_ms(row.api_ms[0])} / {_ms(row.api_ms[1])}",
            f"whole list page {_ms(row.page_ms[0])} / {_ms(row.page_ms[1])}",
            "",
            f"p99 < {COLD_MEDIAN_MS}",
            worst < COLD_MEDIAN_MS,
        )
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
        csv = scale.csv
        table.add(
            f"CSV export of every claim ({csv.size / 1e6:,.0f} MB in "
            f"{csv.seconds:.1f} s; bench.export_bench): web worker RSS growth, MB",
            f"{csv.growth_mb:.0f}", f"peak {csv.peak_mb:.0f} MB", "",
            f"< {CSV_GROWTH_MB}", csv.growth_mb < CSV_GROWTH_MB,
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
