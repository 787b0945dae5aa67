"""Fail when pyproject.toml pins something requirements/lock.txt does not.

`make` installs from the lock, so a dependency added or bumped in
pyproject.toml without `make lock` would otherwise go missing silently. The
pre-commit hooks' own pins (ruff) must match the lock too.
Standard library only: it runs before anything is installed.
"""

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")
HOOK_PIN = re.compile(r"[\"']([A-Za-z0-9_.-]+==[^\"']+)[\"']")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        wanted += extra
    locked = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text().splitlines():
        if match := PIN.match(line):
            locked[normalize(match[1])] = match[2]
    pre_commit = ROOT / ".pre-commit-config.yaml"
    if pre_commit.exists():
        wanted += HOOK_PIN.findall(pre_commit.read_text())
    stale = []
    for requirement in dict.fromkeys(wanted):
        match = PIN.match(requirement.replace(" ", ""))
        if not match:
            stale.append(f"{requirement} (pin it with ==)")
        elif locked.get(normalize(match[1])) != match[2]:
            have = locked.get(normalize(match[1]), "missing")
            stale.append(f"{requirement} (lock: {have})")
    if stale:
        print(
            "requirements/lock.txt does not match pyproject.toml"
            " or .pre-commit-config.yaml:",
            file=sys.stderr,
        )
        for line in stale:
            print(f"  {line}", file=sys.stderr)
        print(
            "Run `make lock` and commit requirements/lock.txt"
            " (a hook's pin: change it in .pre-commit-config.yaml).",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
