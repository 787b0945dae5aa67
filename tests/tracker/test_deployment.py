"""The deployment files agree with the settings they configure."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "".join(
    (ROOT / "tracker" / name).read_text()
    for name in ("settings.py", "settings_outbound.py")
)
ENV_READ = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', SETTINGS))


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_postgres_redis_web_worker_and_beat_from_one_image():
    services = compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    app_services = [services[name] for name in ("web", "worker", "beat", "migrate")]
    assert {service["image"] for service in app_services} == {"claim-tracker:latest"}
    assert all(service["build"] == "." for service in app_services)
    assert services["web"]["command"][:2] == ["gunicorn", "tracker.wsgi:application"]
    assert services["worker"]["command"][:4] == ["celery", "--app", "tracker", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "--app", "tracker", "beat"]


def test_compose_has_health_checks_and_named_volumes():
    config = compose()
    services = config["services"]
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert set(config["volumes"]) == {"postgres-data", "redis-data"}
    assert services["postgres"]["volumes"][0].startswith("postgres-data:")


def test_compose_environment_names_only_variables_the_settings_read():
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert set(environment) <= ENV_READ, set(environment) - ENV_READ
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["DATABASE_URL"].endswith("@postgres:5432/tracker")
        assert environment["REDIS_URL"] == "redis://redis:6379/0"


def test_env_example_lists_every_variable_the_settings_read():
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.MULTILINE))
    assert ENV_READ - listed == set()
    assert listed - ENV_READ == set()


def test_procfile_runs_web_worker_and_beat():
    procfile = (ROOT / "Procfile.dev").read_text()
    names = {line.split(":", 1)[0] for line in procfile.splitlines() if line}
    assert names == {"web", "worker", "beat"}


def run_without_secret_key(code: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": "tracker.settings",
            "PATH": "/usr/bin:/bin",
            "VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_web_refuses_to_start_without_a_secret_key_outside_debug(tmp_path):
    result = run_without_secret_key("import tracker.wsgi", tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key(tmp_path):
    result = run_without_secret_key(
        "import django; django.setup(); from django.core.management import "
        "call_command; call_command('makemigrations', '--check', '--dry-run')",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
