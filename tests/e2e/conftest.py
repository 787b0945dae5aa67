"""Real parts for the end-to-end tests: Chromium through Playwright, Celery
workers on Redis, and the rows data migrations create, put back after each
transactional test."""

from __future__ import annotations

import base64
import importlib
import json
import os
import shutil
import signal
import socket
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.helpers.waiting import wait_until

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
# their permissions (webhooks and host policies too), the beat schedule,
# reason codes.
DATA_MIGRATIONS = (
    "claims.migrations.0002_rating_scales_and_groups",
    "claims.migrations.0005_background_schedule",
    "claims.migrations.0007_workflow_reason_codes",
    "claims.migrations.0020_public_events",
    "claims.migrations.0021_evidence_scheduling",
    "intake.migrations.0002_editor_permissions",
    "follows.migrations.0002_schedule",
    "webhooks.migrations.0002_editor_permissions_and_sweep",
)


# --- The data migrations' rows ----------------------------------------------------


def restore_migration_data() -> None:
    """Put back the rows data migrations create.

    Django empties every table after a transactional test; the next test
    needs these rows. (``serialized_rollback`` would do it too, but collides
    with the content types that other transactional tests recreate.)
    """
    from django.apps import apps
    from django.db import migrations

    from claims.models import Rating

    if Rating.objects.exists():
        return
    for name in DATA_MIGRATIONS:
        migration = importlib.import_module(name)
        for operation in migration.Migration.operations:
            if isinstance(operation, migrations.RunPython):
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


class BrokerQueue:
    """A Redis queue of the test's own, as kombu's Redis transport keeps it."""

    def __init__(self, client, name: str) -> None:
        self.client = client
        self.name = name

    def pending(self) -> int:
        """Messages not yet acknowledged: waiting in the queue, or taken by a
        worker (prefetched, running, or held for a retry's countdown).

        A task acknowledges its message when it has finished (``acks_late``);
        a retry is queued before the attempt that asked for it is
        acknowledged. So 0 means every task sent so far has run to the end.
        """
        waiting = sum(
            self.client.llen(key)
            for key in self.client.scan_iter(match=f"{self.name}*")
            if self.client.type(key) == b"list"
        )
        # kombu keeps each taken message in the "unacked" hash as JSON:
        # [message, exchange, routing key].
        ours = {self.name, self.fetch_queue}
        taken = sum(
            1 for raw in self.client.hvals("unacked") if json.loads(raw)[2] in ours
        )
        return waiting + taken

    def waiting(self) -> list[tuple[str, dict]]:
        """The tasks waiting in the test's queue, oldest first: each task's
        name and keyword arguments."""
        tasks = []
        for raw in reversed(self.client.lrange(self.name, 0, -1)):
            message = json.loads(raw)
            _args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
            tasks.append((message["headers"]["task"], kwargs))
        return tasks

    @property
    def fetch_queue(self) -> str:
        """The queue evidence fetches go to (``claims.routing``)."""
        from claims.routing import fetch_queue

        return fetch_queue(self.name)

    def clear(self) -> None:
        for key in self.client.scan_iter(match=f"{self.name}*"):
            self.client.delete(key)


@pytest.fixture
def celery_redis(redis_url) -> Iterator[BrokerQueue]:
    """This process's Celery app publishing to Redis, on a queue of its own.

    The queue name is unique to this test, so test runs sharing the Redis
    server (two checkouts, two databases) never take each other's messages;
    its keys are deleted before and after.
    """
    import kombu.pools
    import redis

    from tracker.celery import app

    client = redis.Redis.from_url(redis_url)
    queue = BrokerQueue(client, f"tests-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    queue.clear()
    saved = (
        app.conf.broker_url,
        app.conf.broker_transport_options,
        app.conf.task_default_queue,
    )
    app.conf.broker_url = redis_url
    app.conf.broker_transport_options = {}
    app.conf.task_default_queue = queue.name
    _reset_publishing(app, kombu.pools)
    yield queue
    (
        app.conf.broker_url,
        app.conf.broker_transport_options,
        app.conf.task_default_queue,
    ) = saved
    _reset_publishing(app, kombu.pools)
    queue.clear()
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
    def __init__(self, process: subprocess.Popen, log: Path, nodename: str) -> None:
        self.process = process
        self.log = log
        self.nodename = nodename

    def output(self) -> str:
        """The worker's log, for failure messages."""
        return self.log.read_text(errors="replace")

    def running(self) -> bool:
        """True while the process lives; fails the test, with the log, once
        it has exited unasked."""
        if self.process.poll() is not None:
            raise AssertionError(
                f"worker {self.nodename} exited ({self.process.returncode}):\n"
                + self.output()[-4000:]
            )
        return True

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes, as a crash would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        """A warm shutdown (SIGTERM), waiting for the process to end."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def start_worker(celery_redis, redis_url, tmp_path) -> Iterator[Callable[..., Worker]]:
    """Start real ``celery -A tracker worker`` processes on the test database.

    A worker counts as started once it has run a heartbeat task: its row in
    the database says it consumes the test's queue.
    """
    from claims.models import Heartbeat, HeartbeatSource
    from claims.tasks import heartbeat

    workers: list[Worker] = []

    def start(
        *,
        pool: str = "solo",
        concurrency: int = 1,
        env: dict | None = None,
        queues: tuple[str, ...] = ("scans", "fetch"),
    ) -> Worker:
        """``queues``: "scans" (the test's default queue), "fetch" (its
        fetch queue), or both, as a deployment's workers consume them."""
        number = len(workers) + 1
        nodename = f"test{number}-{os.getpid()}@{socket.gethostname()}"
        log = tmp_path / f"worker{number}.log"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "TEST_CACHE": "redis",
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": redis_url,
            "CELERY_TASK_DEFAULT_QUEUE": celery_redis.name,
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
                ",".join(
                    {"scans": celery_redis.name, "fetch": celery_redis.fetch_queue}[
                        queue
                    ]
                    for queue in queues
                ),
                "--hostname",
                nodename,
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
        worker = Worker(process, log, nodename)
        workers.append(worker)
        if "scans" not in queues:  # no heartbeat reaches it: its log says
            wait_until(
                lambda: worker.running() and " ready." in worker.output(),
                timeout=60,
                message=f"worker {nodename} never said it was ready",
            )
            return worker
        heartbeat.delay()
        wait_until(
            lambda: (
                worker.running()
                and Heartbeat.objects.filter(
                    source=HeartbeatSource.WORKER, hostname=nodename
                ).exists()
            ),
            timeout=60,
            message=f"worker {nodename} never ran its first heartbeat task",
        )
        return worker

    yield start
    for worker in workers:
        worker.stop()
