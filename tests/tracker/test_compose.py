"""docker-compose.yml and README "Production" agree, and the web health check
passes exactly when Django answers with its database reachable."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from claims.models import HeartbeatSource
from claims.services.health import heartbeat_record

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SERVICES = COMPOSE["services"]
APP_SERVICES = ("migrate", "web", "worker", "fetcher", "beat")
WEB_ADDRESS = "http://127.0.0.1:8000"
PUBLIC_HOST = "claims.example.org"
# `docker compose` subcommands whose every argument names a service, and
# those whose first argument does (the rest is the command to run).
ALL_SERVICES = {"up", "start", "stop", "restart", "logs", "ps", "pull", "build"}
FIRST_SERVICE = {"run", "exec"}
OPTIONS_WITH_VALUE = {"-e", "--env", "-u", "--user", "-w", "--workdir", "--name"}


def readme_section(title: str) -> str:
    match = re.search(
        rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.MULTILINE | re.DOTALL
    )
    assert match, f'README has no "## {title}" section'
    return match.group(1)


PRODUCTION = readme_section("Production")


def table_names(section: str, header: str) -> set[str]:
    """Backticked names in the first column of the table whose first header
    cell is ``header``."""
    names: set[str] = set()
    in_table = False
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.lstrip().startswith("|"):
            in_table = False
        elif cells[0] == header:
            in_table = True
        elif in_table:
            names |= set(re.findall(r"`([^`]+)`", cells[0]))
    return names


def compose_commands(section: str) -> list[list[str]]:
    """Each ``docker compose`` command line, up to the end of its code span or
    a shell operator (``&&``, ``;``, ``|``, ``>``)."""
    commands = []
    for line in section.splitlines():
        for command in re.findall(r"docker compose ((?:(?!&&)[^`#;|>\n])+)", line):
            commands.append(command.split())
    return commands


def services_named(words: list[str]) -> set[str]:
    """The services a ``docker compose`` command line names."""
    subcommand, *arguments = words
    named: set[str] = set()
    positional: list[str] = []
    arguments = iter(arguments)
    for word in arguments:
        if word == "--scale":
            named.add(next(arguments).split("=")[0])
        elif word.startswith("--scale="):
            named.add(word.removeprefix("--scale=").split("=")[0])
        elif word in OPTIONS_WITH_VALUE:
            next(arguments)
        elif not word.startswith("-"):
            positional.append(word)
    if subcommand in ALL_SERVICES:
        named |= set(positional)
    elif subcommand in FIRST_SERVICE:
        named |= set(positional[:1])
    return named


def test_the_readme_service_table_lists_exactly_the_compose_services():
    assert table_names(PRODUCTION, "service") == set(SERVICES)


def test_every_service_a_readme_command_names_exists():
    commands = compose_commands(PRODUCTION)
    assert len(commands) >= 5
    named = set().union(*(services_named(words) for words in commands))
    assert {"web", "worker", "migrate"} <= named
    assert named - set(SERVICES) == set()


def test_every_variable_the_app_gets_is_in_the_configuration_table():
    documented = table_names(readme_section("Configuration"), "variable")
    for name in APP_SERVICES:
        passed = set(SERVICES[name]["environment"])
        assert passed - documented == set(), name


def test_every_variable_compose_reads_from_dotenv_is_in_the_production_list():
    """The operator's .env: each name compose substitutes, no more, no fewer."""
    substituted = set(re.findall(r"\$\{([A-Z_]+)", COMPOSE_TEXT))
    listed = table_names(PRODUCTION, "variable")
    assert substituted - listed == set()
    assert listed - substituted - {"DATABASE_URL", "REDIS_URL", "DEBUG"} == set()


def test_web_worker_and_beat_wait_for_the_one_shot_migration():
    migrate = SERVICES["migrate"]
    assert migrate["restart"] == "no"
    assert migrate["command"][:3] == ["python", "manage.py", "migrate"]
    for name in ("web", "worker", "fetcher", "beat"):
        condition = SERVICES[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name
    # Static files come with the image (whitenoise serves them from it).
    assert "manage.py collectstatic --noinput" in (ROOT / "Dockerfile").read_text()


def test_compose_runs_exactly_one_beat():
    assert SERVICES["beat"]["deploy"]["replicas"] == 1
    assert "deploy" not in SERVICES["worker"]
    assert "deploy" not in SERVICES["fetcher"]


def test_fetches_and_scans_have_workers_of_their_own():
    """The scans worker takes the default queue only; the fetchers take the
    fetch queue only (claims.routing), so a slow site never delays a scan."""
    from claims.routing import fetch_queue

    def queues(service: str) -> str:
        command = SERVICES[service]["command"]
        return command[command.index("--queues") + 1]

    assert queues("worker") == "celery"
    assert queues("fetcher") == fetch_queue("celery")


def test_the_web_port_is_published_on_loopback_only():
    assert SERVICES["web"]["ports"] == ["127.0.0.1:8000:8000"]


# --- The web health check -------------------------------------------------------


def health_check_script() -> str:
    kind, program, flag, script = SERVICES["web"]["healthcheck"]["test"]
    assert (kind, program, flag) == ("CMD", "python", "-c")
    assert WEB_ADDRESS in script
    return script


def health_check_path() -> str:
    match = re.search(rf"{re.escape(WEB_ADDRESS)}(/[^\"'\s]*)", health_check_script())
    assert match
    return match.group(1)


class StubWeb:
    """Stands in for gunicorn: records each request and gives one answer."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        self.answer: tuple[int, dict[str, str], bytes] = (200, {}, b"{}")
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                stub.requests.append((self.path, self.headers.get("Host", "")))
                status, headers, body = stub.answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def health_check(self, allowed_hosts: str) -> int:
        """The compose health check's exit status against this stub."""
        script = health_check_script().replace(WEB_ADDRESS, self.address)
        result = subprocess.run(
            [sys.executable, "-c", script],
            env={"ALLOWED_HOSTS": allowed_hosts, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            timeout=30,
            check=False,
        )
        return result.returncode


@pytest.fixture
def stub_web() -> Iterator[StubWeb]:
    stub = StubWeb()
    yield stub
    stub.server.shutdown()
    stub.server.server_close()


@pytest.fixture
def production_https(settings):
    """Production's HTTPS settings; tests.settings turns them off."""
    settings.ALLOWED_HOSTS = [PUBLIC_HOST]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


def django_answer(client, host: str) -> tuple[int, dict[str, str], bytes]:
    response = client.get(health_check_path(), HTTP_HOST=host)
    headers = {"Content-Type": response.get("Content-Type", "")}
    if response.has_header("Location"):
        headers["Location"] = response["Location"]
    return response.status_code, headers, response.content


@pytest.mark.parametrize("behind_proxy", [False, True])
def test_the_health_check_path_answers_200_under_production_https_settings(
    client, db, production_https, behind_proxy
):
    if behind_proxy:
        production_https.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    heartbeat_record(source=HeartbeatSource.BEAT, hostname="beat-host")
    heartbeat_record(source=HeartbeatSource.WORKER, hostname="worker-host")
    # Plain HTTP without the proxy's header: other pages are redirected ...
    assert client.get("/admin/login/", HTTP_HOST=PUBLIC_HOST).status_code == 301
    # ... the health check's path is not.
    response = client.get(health_check_path(), HTTP_HOST=PUBLIC_HOST)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_the_health_check_asks_for_healthz_under_the_first_allowed_host(stub_web):
    stub_web.answer = (200, {}, json.dumps({"database": {"ok": True}}).encode())
    assert stub_web.health_check(f"{PUBLIC_HOST},www.{PUBLIC_HOST}") == 0
    assert stub_web.requests == [("/healthz", PUBLIC_HOST)]


@pytest.mark.parametrize(
    ("allowed_hosts", "host"), [(".example.org", "example.org"), ("*", "localhost")]
)
def test_the_health_check_turns_a_host_pattern_into_a_host(
    stub_web, allowed_hosts, host
):
    stub_web.answer = (200, {}, json.dumps({"database": {"ok": True}}).encode())
    assert stub_web.health_check(allowed_hosts) == 0
    assert stub_web.requests == [("/healthz", host)]


def test_a_silent_worker_does_not_make_the_web_unhealthy(client, db, stub_web):
    """Before beat and a worker report, /healthz answers 503: the web is up."""
    stub_web.answer = django_answer(client, "localhost")
    assert stub_web.answer[0] == 503
    assert stub_web.health_check("localhost") == 0


def test_an_unreachable_database_makes_the_web_unhealthy(stub_web):
    body = {"status": "fail", "database": {"ok": False, "error": "OperationalError"}}
    stub_web.answer = (503, {}, json.dumps(body).encode())
    assert stub_web.health_check("localhost") == 1


def test_a_redirect_to_https_is_unhealthy_and_not_followed(
    client, production_https, stub_web
):
    production_https.SECURE_REDIRECT_EXEMPT = []
    stub_web.answer = django_answer(client, PUBLIC_HOST)
    assert stub_web.answer[0] == 301
    assert stub_web.health_check(PUBLIC_HOST) == 1
    assert len(stub_web.requests) == 1


def test_a_host_django_refuses_is_unhealthy(client, production_https, stub_web):
    stub_web.answer = django_answer(client, "other.example.org")
    assert stub_web.answer[0] == 400
    assert stub_web.health_check("other.example.org") == 1
