"""Django's PostgreSQL backend with a client-side limit on each round trip.

``OPTIONS`` takes four extra keys (tracker.settings fills them from
``DATABASE_CONNECT_TIMEOUT``, ``DATABASE_STATEMENT_TIMEOUT``,
``DATABASE_JIT`` and ``DATABASE_RANDOM_PAGE_COST``):

- ``connect_timeout`` (seconds, libpq's own; at least 2): opening a
  connection, authentication included;
- ``statement_timeout`` (seconds): the server cancels a statement running
  longer, and a round trip with no answer one second after that is
  abandoned (``tracker.postgresql.watchdog``);
- ``jit`` (default off): PostgreSQL's JIT compilation of queries. A reader
  page's queries take milliseconds, but the planner's estimate for a probe
  per row (a search's matches, an article's visibility) passes the JIT
  threshold, and compiling then costs more than the query (7 ms of a
  common word's 30 at a million claims).
- ``random_page_cost`` (empty: the server's): what the planner counts
  for reading a page out of order. PostgreSQL's own 4 assumes spinning
  disks; with the data in memory or on SSD, it made the planner hash a
  whole table (5,000 speakers, 50,000 articles) to join it to a page's 50
  claims, where reading the 50 by key costs a fifth as much.

Either failure raises ``OperationalError``; the site answers it with 503
(``tracker.views.server_error``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql import base

from .watchdog import watchdog


def random_page_cost(value: object) -> float | None:
    """``DATABASE_RANDOM_PAGE_COST`` as a number; None (the server's own)
    when empty. Anything else is refused with the setting's name."""
    if value in (None, ""):
        return None
    try:
        cost = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        cost = -1.0
    if not 0 <= cost < float("inf"):
        raise ImproperlyConfigured(
            f"DATABASE_RANDOM_PAGE_COST must be a number of 0 or more, not {value!r}"
        )
    return cost


# A hung server is given this long beyond its own statement timeout.
GRACE_SECONDS = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._limited_execute)

    @property
    def statement_timeout(self) -> float:
        return float(self.settings_dict["OPTIONS"].get("statement_timeout") or 0)

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        params.pop("statement_timeout", None)
        settings = [] if params.pop("jit", False) else ["-c jit=off"]
        cost = random_page_cost(params.pop("random_page_cost", None))
        if cost is not None:
            settings.append(f"-c random_page_cost={cost}")
        if self.statement_timeout > 0:
            milliseconds = int(self.statement_timeout * 1000)
            settings.append(f"-c statement_timeout={milliseconds}")
        params["options"] = " ".join(
            part for part in (params.get("options"), *settings) if part
        )
        if not params["options"]:
            del params["options"]
        return params

    @contextmanager
    def _round_trip(self) -> Iterator[None]:
        seconds = self.statement_timeout
        if seconds <= 0 or self.connection is None:
            yield
            return
        try:
            fileno = self.connection.fileno()
        except Exception:  # closed or broken: psycopg raises on use
            yield
            return
        token = watchdog.arm(fileno, seconds + GRACE_SECONDS)
        try:
            yield
        finally:
            watchdog.disarm(token)

    def _limited_execute(
        self, execute: Callable, sql: str, params: Any, many: bool, context: dict
    ) -> Any:
        with self._round_trip():
            return execute(sql, params, many, context)

    def is_usable(self) -> bool:
        with self._round_trip():
            return super().is_usable()

    def init_connection_state(self) -> None:
        with self._round_trip():
            super().init_connection_state()

    def _commit(self) -> Any:
        with self._round_trip():
            return super()._commit()

    def _rollback(self) -> Any:
        with self._round_trip():
            return super()._rollback()

    def _set_autocommit(self, autocommit: bool) -> None:
        with self._round_trip():
            super()._set_autocommit(autocommit)
