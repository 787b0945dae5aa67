"""`make run PORT=8001` serves on port 8001, and SITE_URL follows unless set.

`make run` is run with a stand-in virtualenv whose python and honcho only
print what they were given, so nothing is installed, migrated or started.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROCFILE = (ROOT / "Procfile.dev").read_text()

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def fake_make_run(tmp_path, *arguments: str, **environment: str) -> dict[str, str]:
    """The environment `make run` starts honcho with (the names that matter)."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True, exist_ok=True)
    python = venv / "bin" / "python"
    python.write_text("#!/bin/sh\nexit 0\n")
    honcho = venv / "bin" / "honcho"
    honcho.write_text(
        "#!/bin/sh\nfor name in WEB_HOST WEB_PORT SITE_URL DEBUG; do\n"
        '  printenv "$name" | sed "s/^/$name=/"\ndone\n'
    )
    for program in (python, honcho):
        program.chmod(0o755)
    installed = tmp_path / "installed"  # newer than the lock: nothing to install
    installed.touch()
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "-C", str(ROOT), "run"]
        + [f"VENV={venv}", f"INSTALLED={installed}", *arguments],
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if "=" in line]
    return dict(line.split("=", 1) for line in lines)


def web_command(**environment: str) -> str:
    """Procfile.dev's web line as honcho's shell expands it (python echoed)."""
    line = next(line for line in PROCFILE.splitlines() if line.startswith("web:"))
    command = line.removeprefix("web:").strip().replace(".venv/bin/python", "echo", 1)
    result = subprocess.run(
        ["/bin/sh", "-c", command],
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_make_run_serves_on_127_0_0_1_port_8000_by_default(tmp_path):
    assert fake_make_run(tmp_path) == {
        "WEB_HOST": "127.0.0.1",
        "WEB_PORT": "8000",
        "SITE_URL": "http://127.0.0.1:8000",
        "DEBUG": "1",
    }


def test_make_run_port_8001_moves_the_web_server_and_site_url(tmp_path):
    started = fake_make_run(tmp_path, "PORT=8001")
    assert started["WEB_PORT"] == "8001"
    assert started["SITE_URL"] == "http://127.0.0.1:8001"


def test_make_run_host_comes_from_the_command_line_not_the_shell(tmp_path):
    assert fake_make_run(tmp_path, HOST="my-laptop")["WEB_HOST"] == "127.0.0.1"
    started = fake_make_run(tmp_path, "HOST=192.0.2.10", "PORT=9000")
    assert (started["WEB_HOST"], started["WEB_PORT"]) == ("192.0.2.10", "9000")


def test_a_site_url_that_is_set_wins(tmp_path):
    started = fake_make_run(tmp_path, "PORT=8001", SITE_URL="https://claims.test")
    assert started["SITE_URL"] == "https://claims.test"
    assert started["WEB_PORT"] == "8001"


def test_the_procfile_web_server_listens_where_it_is_told():
    assert web_command(WEB_HOST="192.0.2.10", WEB_PORT="8001") == (
        "manage.py runserver 192.0.2.10:8001 --noreload"
    )
    # honcho's own PORT (5000 and up) does not move it.
    assert web_command(PORT="5000") == "manage.py runserver 127.0.0.1:8000 --noreload"
