"""A local webhook receiver the fetcher may reach, the README's verification
snippet, and (for the worker tests) the real-worker fixtures of tests/e2e."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import (  # noqa: F401  (fixtures and the teardown hook)
    celery_redis,
    migration_data,
    pytest_runtest_teardown,
    start_worker,
)
from tests.webhooks.receiver import WebhookReceiver

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def receiver(settings) -> Iterator[WebhookReceiver]:
    """A receiver on loopback, which the fetcher may reach (and nothing else
    local)."""
    server = WebhookReceiver()
    settings.FETCH_UNSAFE_ALLOWED_HOSTS = [server.host]
    yield server
    server.stop()


def readme_snippet() -> str:
    """The Python code block of the README's "Webhooks" section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Webhooks\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "the README's Webhooks section has no Python snippet"
    return match.group(1)


@pytest.fixture(scope="session")
def verify_webhook() -> Callable[..., bool]:
    """``verify_webhook(secret, headers, body)`` exactly as the README has it."""
    namespace: dict = {}
    exec(compile(readme_snippet(), str(README), "exec"), namespace)  # noqa: S102
    return namespace["verify_webhook"]
