"""The layers import one way, and no module grows past 500 lines.

Interfaces (admin, API, tasks, commands, the reader's views) call services and
selectors; services and selectors use models. A module of the domain layer
that imported an interface would tie the rules to one way of reaching them,
and invite import cycles. A module named ``services`` or ``selectors`` is in
the domain layer wherever it lives, so one kept inside an interface's
package may not lean on that package either.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("claims", "intake", "reader", "tracker", "webhooks")

# Modules (and the packages below them) that hold the rules.
DOMAIN = (
    "claims.models",
    "claims.services",
    "claims.selectors",
    "claims.caching",
    "claims.fetching",
    "claims.exceptions",
    "claims.permissions",
    "claims.labels",
    "claims.reasons",
    "claims.jsonld",
    "claims.markdown",
    "claims.locks",
    "claims.search",
    "intake.models",
    "intake.services",
    "intake.deadlines",
    "intake.spotter",
    "intake.sentences",
    "intake.repeats",
    "intake.fetch",
    "webhooks.models",
    "webhooks.services",
    "webhooks.notices",
    "webhooks.signing",
)
# A services or selectors module belongs to the domain layer wherever it is.
DOMAIN_MODULE_NAMES = ("services", "selectors")
# What the domain layer must not import: the interfaces above it.
INTERFACES = (
    "claims.admin",
    "claims.api",
    "claims.tasks",
    "claims.management",
    "reader",
    "intake.admin",
    "intake.api",
    "webhooks.admin",
    "webhooks.api",
    "webhooks.tasks",
    "webhooks.consumers",
    "webhooks.payloads",
)
# Nor any module of these names, in any of the project's packages.
INTERFACE_MODULE_NAMES = ("views", "templatetags")

MAX_LINES = 500


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield module_name(path), path


def imported_names(module: str, path: Path) -> Iterator[tuple[int, str]]:
    """Every module an import statement anywhere in the file may load,
    relative imports resolved; ``from a import b`` yields ``a`` and ``a.b``."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield node.lineno, target
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}"


def is_domain(module: str) -> bool:
    return within(module, DOMAIN) or any(
        part in DOMAIN_MODULE_NAMES for part in module.split(".")[1:]
    )


def is_interface(name: str) -> bool:
    if within(name, INTERFACES):
        return True
    parts = name.split(".")
    return parts[0] in PACKAGES and any(
        part in INTERFACE_MODULE_NAMES for part in parts[1:]
    )


def test_the_domain_layer_imports_no_interface():
    upward = set()
    for module, path in project_modules():
        if not is_domain(module):
            continue
        for line, name in imported_names(module, path):
            if is_interface(name):
                upward.add((f"{path.relative_to(ROOT)}:{line}", module, name))
    # One line per import statement: its shortest name that is an interface.
    first = {}
    for where, module, name in sorted(upward, key=lambda item: len(item[2])):
        first.setdefault(where, f"{where}: {module} imports {name}")
    assert not first, "upward imports:\n" + "\n".join(sorted(first.values()))


def python_files() -> Iterator[Path]:
    for folder in (*PACKAGES, "tests", "bench"):
        yield from (ROOT / folder).rglob("*.py")
    yield ROOT / "manage.py"


def test_no_module_outside_migrations_is_over_500_lines():
    long = sorted(
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in python_files()
        if "migrations" not in path.relative_to(ROOT).parts
        and (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    )
    assert not long, f"over {MAX_LINES} lines:\n" + "\n".join(long)


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("claims.services.scans", "from ..tasks import x", "claims.tasks"),
        ("claims.services", "from . import api", "claims.services.api"),
        ("claims.models.claim", "from claims import admin", "claims.admin"),
        ("intake.services", "import reader.views", "reader.views"),
    ],
)
def test_imports_are_resolved_as_python_resolves_them(
    tmp_path, module, source, expected
):
    """The check above reads relative and ``from package import module``
    imports the way Python does."""
    name = "__init__.py" if module == "claims.services" else "module.py"
    path = tmp_path / name
    path.write_text(source)
    assert expected in {found for _line, found in imported_names(module, path)}
