"""The Dockerfile builds: its COPY and RUN steps replayed in a temporary directory.

No container engine or base-image registry is available to the test suite, so
this stands in for ``docker build``. The directory plays the image's WORKDIR:
each COPY copies what it names from the repository (honouring
``.dockerignore``; a missing source fails, as it fails the build), and each RUN
command runs there with this virtualenv's Python. Two kinds of command are not
run: ``pip install`` (no network in tests; the requirements file it names must
be in the image, be hashed, and match what this virtualenv has installed, and
``pip install .`` needs ``pyproject.toml``), and system administration
(``useradd``, ``chown``, ...). Python started by the replay cannot import the
project from the repository (the editable install's finder is removed), so a
package the Dockerfile forgets to copy is missing, as it is in the image.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import secrets
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
# Commands that change the image's operating system, not the project.
SYSTEM_COMMANDS = {"useradd", "adduser", "groupadd", "addgroup", "chown", "apt-get"}
IGNORED_INSTRUCTIONS = {"FROM", "USER", "EXPOSE", "CMD", "LABEL", "ARG", "HEALTHCHECK"}
# Python in the replayed image: the editable install of the repository (which
# would quietly supply any package the Dockerfile forgot) is taken away.
SITECUSTOMIZE = """\
import os, sys
sys.meta_path[:] = [
    finder for finder in sys.meta_path
    if "Editable" not in getattr(finder, "__name__", type(finder).__name__)
]
_hidden = os.path.realpath(os.environ["REPLAY_HIDDEN_SOURCE"])
sys.path[:] = [p for p in sys.path if not p or os.path.realpath(p) != _hidden]
"""


class BuildFailed(AssertionError):
    """A step that would fail ``docker build``."""


@dataclass
class Instruction:
    keyword: str
    argument: str


def dockerfile_instructions(text: str) -> list[Instruction]:
    """The instructions, with continuation lines joined and comments dropped."""
    instructions: list[Instruction] = []
    pending = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, argument = (pending + stripped).partition(" ")
        instructions.append(Instruction(keyword.upper(), argument.strip()))
        pending = ""
    assert not pending, "the Dockerfile ends in a continuation line"
    return instructions


def dockerignore_patterns(source: Path) -> list[str]:
    lines = (source / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and line[0] != "#"]


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """Docker's matching: ``*`` and ``?`` stay within a folder, ``**`` spans any."""
    parts = re.split(r"(\*\*/|\*\*|\*|\?)", pattern.strip("/"))
    wildcards = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(wildcards.get(part, re.escape(part)) for part in parts))


def dockerignored(relative: str, patterns: list[str]) -> bool:
    """Whether ``.dockerignore`` keeps this path (or a folder above it) out of
    the build context; the last matching line wins, ``!`` takes a path back."""
    parts = PurePosixPath(relative).parts
    prefixes = ["/".join(parts[: end + 1]) for end in range(len(parts))]
    ignored = False
    for pattern in patterns:
        regex = _pattern_regex(pattern.removeprefix("!"))
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            ignored = not pattern.startswith("!")
    return ignored


@dataclass
class Replay:
    """The image's WORKDIR as a temporary directory, and the build's state."""

    source: Path
    image: Path
    dockerfile: str
    env: dict[str, str] = field(default_factory=dict)
    workdir: PurePosixPath | None = None
    cwd: PurePosixPath | None = None
    requirements: list[Path] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ignore = dockerignore_patterns(self.source)
        tools = self.image.parent / "replay-tools"
        tools.mkdir(exist_ok=True)
        (tools / "sitecustomize.py").write_text(SITECUSTOMIZE)
        python = tools / "python"
        python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
        python.chmod(0o755)
        self.tools = tools

    # --- paths ------------------------------------------------------------
    def host_path(self, path: str) -> Path:
        """Where an image path lives in the replay; only the WORKDIR tree exists."""
        assert self.workdir is not None, "WORKDIR must come before files are written"
        image_path = PurePosixPath(self.cwd or self.workdir) / path
        if not image_path.is_relative_to(self.workdir):
            raise BuildFailed(f"the replay covers only WORKDIR, not {image_path}")
        return self.image.joinpath(*image_path.relative_to(self.workdir).parts)

    def image_value(self, value: str) -> str:
        """An argument or ENV value with WORKDIR paths moved into the replay."""
        if self.workdir and PurePosixPath(value).is_relative_to(self.workdir):
            return str(self.host_path(value))
        return value

    # --- instructions -----------------------------------------------------
    def run(self) -> None:
        for instruction in dockerfile_instructions(self.dockerfile):
            self.log.append(f"{instruction.keyword} {instruction.argument}")
            step = getattr(self, f"step_{instruction.keyword.lower()}", None)
            if step is not None:
                step(instruction.argument)
            elif instruction.keyword not in IGNORED_INSTRUCTIONS:
                raise BuildFailed(f"the replay has no rule for {instruction.keyword}")

    def step_workdir(self, argument: str) -> None:
        if self.workdir is None:
            self.workdir = PurePosixPath(argument)
        self.cwd = PurePosixPath(self.cwd or self.workdir) / argument
        self.host_path(str(self.cwd)).mkdir(parents=True, exist_ok=True)

    def step_env(self, argument: str) -> None:
        for assignment in shlex.split(argument):
            name, _, value = assignment.partition("=")
            self.env[name] = self.image_value(value)

    def step_copy(self, argument: str) -> None:
        if "--from" in argument:
            raise BuildFailed("COPY --from (multi-stage builds) is not replayed")
        # Flags such as --chown change owners only.
        words = [word for word in shlex.split(argument) if not word.startswith("--")]
        *sources, destination = words
        into_folder = destination.endswith("/") or len(sources) > 1
        for source in sources:
            origin = self.source / source
            relative = origin.relative_to(self.source).as_posix()
            if not origin.exists() or dockerignored(relative, self.ignore):
                raise BuildFailed(f"COPY {source}: not in the build context")
            target = self.host_path(destination)
            if origin.is_dir():
                self.copy_tree(origin, target)
            else:
                if into_folder or target.is_dir():
                    target = target / origin.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, target)

    def copy_tree(self, origin: Path, target: Path) -> None:
        for path in sorted(origin.rglob("*")):
            relative = path.relative_to(self.source).as_posix()
            if path.is_dir() or dockerignored(relative, self.ignore):
                continue
            destination = target / path.relative_to(origin)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)

    def step_run(self, argument: str) -> None:
        for command in re.split(r"\s*&&\s*", argument):
            words = shlex.split(command)
            assignments = {}
            while words and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[0]):
                name, _, value = words.pop(0).partition("=")
                assignments[name] = self.image_value(value)
            if words[0] in SYSTEM_COMMANDS:
                continue
            if words[:2] == ["pip", "install"] or words[:4] == [
                "python",
                "-m",
                "pip",
                "install",
            ]:
                self.pip_install(words[words.index("install") + 1 :])
                continue
            self.execute([self.image_value(word) for word in words], assignments)

    # --- commands ---------------------------------------------------------
    def pip_install(self, arguments: list[str]) -> None:
        """Check what ``pip install`` would install instead of installing it."""
        folder = self.host_path(str(self.cwd))
        words = iter(arguments)
        for word in words:
            if word in ("-r", "--requirement"):
                requirements = folder / next(words)
                if not requirements.is_file():
                    raise BuildFailed(f"pip install -r {requirements}: no such file")
                self.requirements.append(requirements)
            elif word == ".":
                if not (folder / "pyproject.toml").is_file():
                    raise BuildFailed("pip install .: no pyproject.toml in the image")
            elif not word.startswith("-"):
                raise BuildFailed(f"pip install {word}: the replay cannot check it")

    def python_env(self, **extra: str) -> dict[str, str]:
        return {
            "PATH": f"{self.tools}:/usr/bin:/bin",
            "HOME": str(self.image),
            "PYTHONPATH": str(self.tools),
            "REPLAY_HIDDEN_SOURCE": str(self.source),
            **self.env,
            **extra,
        }

    def execute(
        self, words: list[str], assignments: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        result = subprocess.run(
            words,
            cwd=self.host_path(str(self.cwd)),
            env=self.python_env(**(assignments or {})),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if result.returncode != 0:
            raise BuildFailed(
                f"RUN {shlex.join(words)} failed ({result.returncode}):\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result


def replay(dockerfile: str, image: Path) -> Replay:
    build = Replay(source=ROOT, image=image, dockerfile=dockerfile)
    build.run()
    return build


def production_env(folder: Path) -> dict[str, str]:
    """Production-like settings with this run's own VAR_DIR and STATIC_ROOT."""
    return {
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "claims.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://claims.example.org",
        "VAR_DIR": str(folder / "var"),
        "STATIC_ROOT": str(folder / "static"),
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Replay:
    folder = tmp_path_factory.mktemp("docker-build")
    return replay(DOCKERFILE, folder / "app")


def test_the_dockerfile_replays_without_a_failing_step(built):
    assert any(line.startswith("COPY") for line in built.log)
    assert (built.image / "manage.py").is_file()
    # The build's own collectstatic wrote the manifest whitenoise serves from.
    assert (built.image / "staticfiles" / "staticfiles.json").is_file()


def test_the_image_installs_a_hashed_lock_that_matches_the_tested_packages(built):
    assert built.requirements, "the Dockerfile installs no requirements file"
    for requirements in built.requirements:
        text = requirements.read_text()
        pins = re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", text, re.MULTILINE)
        assert pins and text.count("--hash=sha256:") >= len(pins)
        differ = {
            name: (version, importlib.metadata.version(name))
            for name, version in pins
            if importlib.metadata.version(name) != version
        }
        assert differ == {}, "the tests ran against other versions than the image's"


def test_every_installed_app_of_the_project_imports_from_the_image(built, tmp_path):
    code = (
        "import json, os, django; django.setup(); from django.apps import apps; "
        "import tracker; print(json.dumps([os.path.dirname(tracker.__file__)] + "
        "[app.path for app in apps.get_app_configs()]))"
    )
    result = built.execute(["python", "-c", code], production_env(tmp_path))
    paths = [Path(path) for path in json.loads(result.stdout.splitlines()[-1])]
    project = [path for path in paths if not path.is_relative_to(sys.prefix)]
    apps = {name.split(".")[0] for name in settings.INSTALLED_APPS}
    assert {path.name for path in project} == {
        name for name in apps | {"tracker"} if (ROOT / name).is_dir()
    }
    outside = [path for path in project if not path.is_relative_to(built.image)]
    assert outside == []


def test_collectstatic_succeeds_in_the_image_with_production_settings(built, tmp_path):
    env = production_env(tmp_path)
    built.execute(["python", "manage.py", "collectstatic", "--noinput"], env)
    assert (tmp_path / "static" / "staticfiles.json").is_file()


def test_the_deploy_check_passes_in_the_image(built, tmp_path):
    result = built.execute(
        ["python", "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path),
    )
    assert "System check identified no issues" in result.stdout


def test_the_image_command_serves_the_wsgi_application_it_copies(built):
    command = next(line for line in reversed(built.log) if line.startswith("CMD"))
    words = json.loads(command.removeprefix("CMD "))
    assert words[0] == "gunicorn"
    module = words[1].split(":")[0]
    assert (built.image / (module.replace(".", "/") + ".py")).is_file()


def test_a_dockerfile_that_leaves_out_an_installed_app_fails(tmp_path):
    """Without ``COPY intake`` the build's collectstatic cannot import it."""
    without_intake = re.sub(r"^COPY intake .*\n", "", DOCKERFILE, flags=re.MULTILINE)
    assert without_intake != DOCKERFILE
    with pytest.raises(BuildFailed, match="No module named 'intake'"):
        replay(without_intake, tmp_path / "app")


def test_a_copy_of_a_missing_path_fails(tmp_path):
    with pytest.raises(BuildFailed, match="not in the build context"):
        replay(DOCKERFILE.replace("COPY claims ", "COPY claim "), tmp_path / "app")


def test_a_copy_of_a_dockerignored_path_fails(tmp_path):
    dockerfile = DOCKERFILE.replace("COPY intake ./intake", "COPY tests ./tests")
    with pytest.raises(BuildFailed, match="COPY tests: not in the build context"):
        replay(dockerfile, tmp_path / "app")


def test_dockerignore_keeps_secrets_and_caches_out_of_the_build_context():
    patterns = dockerignore_patterns(ROOT)
    for path in (".env", ".git", ".venv", "claims/__pycache__/x.pyc", "var/db"):
        assert dockerignored(path, patterns), path
    for path in ("claims/models/__init__.py", "requirements/lock.txt", "manage.py"):
        assert not dockerignored(path, patterns), path
