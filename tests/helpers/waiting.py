"""Waiting for another process (a Celery worker) by polling, with a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(
    predicate: Callable[[], object],
    *,
    timeout: float = 30,
    interval: float = 0.1,
    message: str = "",
) -> object:
    """Call ``predicate`` until it returns something true; return that.

    Fails the test with ``message`` (or the predicate's name or docstring)
    once ``timeout`` seconds have passed without it coming true.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            what = message or (predicate.__doc__ or predicate.__name__).strip()
            raise AssertionError(f"not true after {timeout:g} s: {what}")
        time.sleep(interval)
