"""Real parts for the end-to-end tests: Chromium through Playwright, Celery
workers on Redis, and the rows data migrations create, put back after each
transactional test."""

from __future__ import annotations

import importlib
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CELERY = ROOT / ".venv" / "bin" / "celery"
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# The data migrations whose rows the tests need: rating scales, groups and
# their permissions, the beat schedule, reason codes.
DATA_MIGRATIONS = (
    "claims.migrations.0002_rating_scales_and_groups",
    "claims.migrations.0005_background_schedule",
    "claims.migrations.0007_workflow_reason_codes",
    "intake.migrations.0002_editor_permissions",
)


# --- The data migrations' rows ----------------------------------------------------


def restore_migration_data() -> None:
    """Put back the rows data migrations create.

    Django empties every table after a transactional test; the next test
    needs these rows. (``serialized_rollback`` would do it too, but collides
    with the content types that other transactional tests recreate.)
    """
    from django.apps import apps

    from claims.models import Rating

    if Rating.objects.exists():
        return
    for name in DATA_MIGRATIONS:
        migration = importlib.import_module(name)
        for operation in migration.Migration.operations:
            operation.code(apps, None)


@pytest.fixture
def migration_data(transactional_db) -> None:
    """A transactional test, with the data migrations' rows present."""
    restore_migration_data()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test here has been flushed, restore those rows.

    Not after the session's last test: its teardown has dropped the test
    database by then, and no test needs the rows.
    """
    result = yield
    if nextitem is not None and "transactional_db" in getattr(item, "fixturenames", ()):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore_migration_data()
    return result


# --- Chromium -----------------------------------------------------------------------


def chromium_executable() -> str:
    """Debian's Chromium; the test is skipped without it (failed under CI)."""
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if path:
        return path
    message = "Chromium is not installed (apt-get install -y chromium, or make browser)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def browser(monkeypatch):
    """A headless Chromium, driven through Playwright's sync API."""
    executable = chromium_executable()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # the test makes between browser steps are ordinary blocking calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=LAUNCH_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


# --- Redis and real workers -------------------------------------------------------


@pytest.fixture
def celery_redis(redis_url) -> Iterator[str]:
    """This process's Celery app publishing to Redis, on a queue of its own.

    The queue name is unique to this test, so test runs sharing the Redis
    server (two checkouts, two databases) never take each other's messages;
    its keys are deleted before and after.
    """
    import kombu.pools
    import redis

    from tracker.celery import app

    queue = f"tests-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(redis_url)

    def clear() -> None:
        for key in client.scan_iter(match=f"{queue}*"):
            client.delete(key)

    clear()
    saved = (
        app.conf.broker_url,
        app.conf.broker_transport_options,
        app.conf.task_default_queue,
    )
    app.conf.broker_url = redis_url
    app.conf.broker_transport_options = {}
    app.conf.task_default_queue = queue
    _reset_publishing(app, kombu.pools)
    yield queue
    (
        app.conf.broker_url,
        app.conf.broker_transport_options,
        app.conf.task_default_queue,
    ) = saved
    _reset_publishing(app, kombu.pools)
    clear()
    client.close()


def _reset_publishing(app, pools) -> None:
    """Forget cached connections, producers and queues after a config change."""
    pools.reset()
    app._pool = None
    app.__dict__.pop("amqp", None)


def worker_database_url() -> str:
    """DATABASE_URL of the database this test runs on, for another process."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{db['NAME']}"


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path) -> None:
        self.process = process
        self.log = log

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, text: str, *, count: int = 1, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.output().count(text) >= count:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(
            f"worker log never showed {text!r} x{count}:\n{self.output()[-4000:]}"
        )

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes, as a crash would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def start_worker(celery_redis, redis_url, tmp_path) -> Iterator[Callable[..., Worker]]:
    """Start real ``celery -A tracker worker`` processes on the test database."""
    workers: list[Worker] = []

    def start(
        *, pool: str = "solo", concurrency: int = 1, env: dict | None = None
    ) -> Worker:
        number = len(workers) + 1
        log = tmp_path / f"worker{number}.log"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": redis_url,
            "CELERY_TASK_DEFAULT_QUEUE": celery_redis,
            "VAR_DIR": str(settings.VAR_DIR),
            "TEST_FETCH_ALLOWED_HOSTS": ",".join(settings.FETCH_UNSAFE_ALLOWED_HOSTS),
            **(env or {}),
        }
        process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "tracker",
                "worker",
                "--pool",
                pool,
                "--concurrency",
                str(concurrency),
                "--queues",
                celery_redis,
                "--hostname",
                f"test{number}-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            env=environment,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=ROOT,
        )
        worker = Worker(process, log)
        workers.append(worker)
        worker.wait_for(" ready.", timeout=60)
        return worker

    yield start
    for worker in workers:
        worker.stop()
