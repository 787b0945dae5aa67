"""``make bench``: every figure, its same-run reference, ratio, target; one table.

Sets up its own database (PostgreSQL when reachable, else SQLite) with 10,000
published claims, runs the web app under gunicorn with the README's production
settings, loads it from this process over loopback (wrk, or a Python load
generator), runs a real Celery worker on Redis against a slow local server,
times the refresh scans over 100,000 claims, and prints the table.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import data, load, scan, web, workers, writes_alongside

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")


def redis_reachable() -> bool:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def environment(*, database_url: str, workdir: Path, redis: bool) -> dict:
    """Production settings, as the README recommends them, for every process."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),  # throwaway
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "600",
        "VAR_DIR": str(workdir / "var"),
        "STATIC_ROOT": str(workdir / "static"),
        "CELERY_TASK_DEFAULT_QUEUE": f"bench-{os.getpid()}",
        # One client address makes every request: the API's per-address
        # limit would refuse nearly all of them.
        "API_THROTTLE_ANON": "100000000/minute",
        "READER_PAGE_CACHE_SECONDS": "600",
    }
    env.pop("REDIS_URL", None)
    if redis:
        env["REDIS_URL"] = REDIS_URL
    return env


def percent(value: float) -> str:
    return f"{value:.0%}"


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str, str]] = []

    def add(
        self,
        figure: str,
        value: str,
        reference: str,
        ratio: str,
        target: str,
        ok: bool | None,
    ) -> None:
        verdict = "" if ok is None else ("pass" if ok else "FAIL")
        self.rows.append((figure, value, reference, ratio, target, verdict))

    def print(self) -> None:
        header = ("figure", "value", "reference", "ratio", "target", "")
        widths = [
            max(len(row[column]) for row in [header, *self.rows])
            for column in range(len(header))
        ]
        for index, row in enumerate([header, *self.rows]):
            print(
                " | ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                )
            )
            if index == 0:
                print("-+-".join("-" * width for width in widths))


def main() -> int:
    begun = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    database_url, engine = data.database_create(workdir)
    has_redis = redis_reachable()
    env = environment(database_url=database_url, workdir=workdir, redis=has_redis)
    os.environ.update(env)
    if not has_redis:
        os.environ.pop("REDIS_URL", None)
    try:
        return _run(
            env, engine=engine, has_redis=has_redis, begun=begun, workdir=workdir
        )
    finally:
        data.database_drop(database_url)
        shutil.rmtree(workdir, ignore_errors=True)


def _run(env: dict, *, engine: str, has_redis: bool, begun: float, workdir) -> int:
    import django
    from django.core.management import call_command

    django.setup()
    print(
        f"bench: {engine}; Redis {'at ' + REDIS_URL if has_redis else 'missing'}; "
        f"load by {load.tool_name()}",
        file=sys.stderr,
    )
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    created = data.data_create()
    setup_seconds = time.perf_counter() - started
    print(f"bench: data in {setup_seconds:.1f} s", file=sys.stderr)
    table = Table()

    # --- Web: whole-page cache off, then on ---------------------------------
    uncached = web.serve_and_measure(
        env={**env, "READER_PAGE_CACHE_SECONDS": "0"},
        workdir=workdir,
        label="uncached",
        figures=[
            ("list", web.CLAIM_LIST, web.CONNECTIONS),
            ("claim", web.CLAIM_PAGE, web.CONNECTIONS),
            ("api", web.API_LIST, web.CONNECTIONS),
        ],
    )
    cached = web.serve_and_measure(
        env=env,
        workdir=workdir,
        label="cached",
        figures=[
            ("list", web.CLAIM_LIST, web.CONNECTIONS),
            ("claim", web.CLAIM_PAGE, web.CONNECTIONS),
            ("claim32", web.CLAIM_PAGE, web.P99_CONNECTIONS),
        ],
    )
    for name, label, target in (
        ("list", "claim list page, 50 claims, page cache off, req/s", 0.15),
        ("claim", "claim page, page cache off, req/s", 0.20),
        ("api", "API claim list, 50 items, req/s", 0.15),
    ):
        paired = uncached.results[name]
        table.add(
            label,
            f"{paired.requests_per_second:,.0f}",
            f"hello {paired.reference_requests_per_second:,.0f}",
            percent(paired.ratio),
            f">= {percent(target)}",
            paired.ratio >= target,
        )
    cache_name = "Redis" if has_redis else "file cache, no Redis"
    for name, label in (("list", "claim list page"), ("claim", "claim page")):
        paired = cached.results[name]
        table.add(
            f"{label}, anonymous, page cache on ({cache_name}), req/s",
            f"{paired.requests_per_second:,.0f}",
            f"hello {paired.reference_requests_per_second:,.0f}",
            percent(paired.ratio),
            ">= 60%",
            paired.ratio >= 0.60,
        )
    paired = cached.results["claim32"]
    table.add(
        "claim page p99 at 32 connections, cached, ms",
        f"{paired.p99_ms:.1f}",
        f"hello p99 {paired.reference_p99_ms:.1f}",
        f"{paired.p99_ratio:.1f}x",
        "<= 3x",
        paired.p99_ratio <= 3,
    )
    rss = max(uncached.worker_rss_mb + cached.worker_rss_mb)
    table.add(
        "web worker RSS after the load, MB (largest gunicorn worker)",
        f"{rss:.0f}",
        "",
        "",
        "<= 150",
        rss <= 150,
    )

    # --- Web: link-health writes alongside (bench/writes_alongside.py) --------
    if has_redis:
        for row in _writes_alongside(env, workdir=workdir):
            table.add(*row)

    # --- Background: evidence checks, then scans ------------------------------
    if has_redis:
        server = workers.SlowServer()
        worker_env = {**env, "BENCH_FETCH_ALLOWED_HOSTS": server.host}
        from django.conf import settings

        settings.FETCH_UNSAFE_ALLOWED_HOSTS = [server.host]
        try:
            checks = workers.run(env=worker_env, workdir=workdir, server=server)
        finally:
            server.stop()
        ideal = workers.WORKER_CONCURRENCY / workers.SERVER_DELAY
        table.add(
            f"evidence checks, server answers after 100 ms, checks/s "
            f"({checks.checked:,} in {checks.seconds:.1f} s; "
            f"{' '.join(workers.WORKER_OPTIONS)})",
            f"{checks.checks_per_second:,.0f}",
            f"ideal {ideal:,.0f}",
            percent(checks.checks_per_second / ideal),
            ">= 50/s",
            checks.checks_per_second >= 50,
        )
        table.add(
            "Celery worker RSS after the checks, MB (all its processes)",
            f"{checks.worker_rss_mb:.0f}",
            "",
            "",
            "<= 250",
            checks.worker_rss_mb <= 250,
        )
    else:
        table.add(
            "evidence checks: not measured (needs Redis for a real worker)",
            "",
            "",
            "",
            ">= 50/s",
            False,
        )

    data.scan_data_create(speakers=created["speakers"], articles=created["articles"])
    scans = scan.run()
    table.add(
        f"deadline + review scans over {scans.claims:,} claims, s "
        f"({scans.flagged:,} flags)",
        f"{scans.scan_seconds:.2f}",
        f"1 SQL UPDATE {scans.update_seconds:.2f} ({scans.updated:,} rows)",
        f"{scans.scan_seconds / scans.update_seconds:.1f}x",
        "<= 3x",
        scans.scan_seconds / scans.update_seconds <= 3,
    )

    # --- Article intake (bench/intake_bench.py) -------------------------------
    from . import intake_bench

    for number, row in enumerate(intake_bench.run()):
        ratio = row["ratio"]
        table.add(
            row["figure"],
            f"{row['value']}",
            "" if row["reference"] is None else f"{row['reference']} s",
            "" if ratio is None else percent(ratio),
            "<= 100%" if number == 0 else "",
            (ratio <= 1) if number == 0 else None,
        )

    print()
    print(
        f"make bench: {engine}; load by {uncached.tool}, "
        f"{web.CONNECTIONS} connections; each figure in {web.ROUNDS} rounds of "
        f"{web.SECONDS} s alternating with hello (values: medians; ratio: the "
        f"median of the rounds' ratios); "
        f"gunicorn {' '.join(web.GUNICORN_OPTIONS)}; "
        f"{time.monotonic() - begun:.0f} s in all"
    )
    print()
    table.print()
    return 0 if all(row[5] != "FAIL" for row in table.rows) else 1


# Claim pages loaded in turn while links are checked: the writes fall on
# evidence of any claim, as a week's checks of every link do.
WRITES_PER_SECOND = 16
CLAIM_PAGES = [f"/en/claims/claim-{number}/" for number in range(0, 10_000, 50)]


def _writes_alongside(env: dict, *, workdir) -> list[tuple]:
    """Warm list and claim pages with ``WRITES_PER_SECOND`` link-health
    writes alongside, as a share of the same pages without writes."""
    from claims.models import Evidence

    every_link = list(Evidence.objects.values_list("pk", flat=True))
    # The worst case for claim pages: every write on a link one of them shows.
    their_links = list(
        Evidence.objects.filter(
            claim__slug__in=[path.split("/")[-2] for path in CLAIM_PAGES]
        ).values_list("pk", flat=True)
    )
    pages = f"{len(CLAIM_PAGES)} claim pages in turn"
    rows = []
    with web.served(env=env, workdir=workdir, label="writes") as (base, _server):
        for label, paths, evidence_ids, judged in (
            ("claim list page", [web.CLAIM_LIST], every_link, True),
            (pages, CLAIM_PAGES, every_link, True),
            # Not a target: each write empties one of the measured pages, and
            # a claim page's miss renders its whole body again.
            (
                f"{pages}, worst case: every write on their own links",
                CLAIM_PAGES,
                their_links,
                False,
            ),
        ):
            result = writes_alongside.compare(
                base=base,
                paths=paths,
                writes_per_second=WRITES_PER_SECOND,
                evidence_ids=evidence_ids,
            )
            writes = (
                f"{result.writes_per_second:.1f} link-health writes/s alongside"
                + (f", {result.failed_writes} failed" if result.failed_writes else "")
            )
            rows.append(
                (
                    f"{label}, page cache on, {writes}, req/s",
                    f"{result.requests_per_second:,.0f}",
                    f"no writes {result.reference_requests_per_second:,.0f}",
                    percent(result.share),
                    ">= 80%" if judged else "",
                    result.share >= 0.80 if judged else None,
                )
            )
            rows.append(
                (
                    f"{label}, page cache hit ratio with those writes",
                    f"{result.hit_ratio:.1%}",
                    "",
                    "",
                    "> 95%" if judged else "",
                    result.hit_ratio > 0.95 if judged else None,
                )
            )
    return rows


if __name__ == "__main__":
    sys.exit(main())
