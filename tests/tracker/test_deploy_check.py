"""`check --deploy` with production-like settings reports nothing."""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def deploy_check(tmp_path, **overrides: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "claims.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://claims.example.org",
        "VAR_DIR": str(tmp_path),
        **overrides,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_weakened_setting_fails_the_check(tmp_path):
    result = deploy_check(tmp_path, SECURE_HSTS_SECONDS="0", SESSION_COOKIE_SECURE="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr
    assert "security.W012" in result.stderr
