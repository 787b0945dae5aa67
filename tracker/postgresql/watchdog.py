"""Abandon database round trips that get no answer in time.

``statement_timeout`` makes a live server cancel a slow query, but a server
that hangs (or a network path that silently drops packets) never answers at
all, and psycopg waits for ever. The watchdog is one thread per process: a
connection arms it with its socket before each round trip and disarms it
after; a socket still armed past its deadline is shut down, so the waiting
call fails at once with an ``OperationalError`` (the site answers 503).
"""

from __future__ import annotations

import itertools
import logging
import socket
import threading
import time

logger = logging.getLogger(__name__)

# How often the watchdog looks for overdue round trips (seconds): the
# precision of every deadline.
POLL_SECONDS = 0.1


class Watchdog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: dict[int, tuple[float, int]] = {}
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, fileno: int, seconds: float) -> int:
        """Shut ``fileno`` down unless ``disarm`` is called within ``seconds``."""
        token = next(self._tokens)
        with self._lock:
            self._armed[token] = (time.monotonic() + seconds, fileno)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="database-watchdog", daemon=True
                )
                self._thread.start()
        return token

    def disarm(self, token: int) -> None:
        # Under the lock: once this returns the socket is never shut down,
        # so its descriptor may be closed and reused safely.
        with self._lock:
            self._armed.pop(token, None)

    def _run(self) -> None:
        while True:
            time.sleep(POLL_SECONDS)
            now = time.monotonic()
            with self._lock:
                overdue = [
                    token
                    for token, (deadline, _fileno) in self._armed.items()
                    if deadline <= now
                ]
                for token in overdue:
                    _deadline, fileno = self._armed.pop(token)
                    _shut_down(fileno)


def _shut_down(fileno: int) -> None:
    logger.error(
        "database gave no answer in time: connection abandoned (socket %s)", fileno
    )
    try:
        # fromfd duplicates the descriptor; shutting the duplicate down shuts
        # the one connection down, and closing it leaves the original open.
        with socket.fromfd(fileno, socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError as error:  # already closed by the server
        logger.warning("could not shut down database socket %s: %s", fileno, error)


watchdog = Watchdog()
