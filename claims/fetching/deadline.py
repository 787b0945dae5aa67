"""One wall-clock limit for a whole fetch, which no server can stretch.

Per-read socket timeouts do not bound a fetch: a server that sends one byte
a second answers every read in time and can keep a fetch going for hours,
in its headers, its body or its TLS handshake. A :class:`Deadline` watches
every socket the fetch opens and shuts them all down the moment the limit
passes, so whatever read is waiting ends at once. Name lookups cannot be
interrupted, so they run in a helper thread that the fetch stops waiting
for when the limit passes (:meth:`Deadline.run`).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import requests

T = TypeVar("T")


class DeadlinePassed(requests.Timeout):
    """The fetch's total limit passed while it waited."""


class Deadline:
    """A limit of ``seconds`` from now, and the sockets it shuts down.

    Use as a context manager: leaving it stops the watch and closes the
    duplicates of the watched sockets it keeps.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends_at = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._expired = False
        # Duplicates of the fetch's sockets: shutting one down ends the
        # connection for the original too, even once TLS has wrapped it.
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()
        with self._lock:
            self._expired = True
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self.ends_at - time.monotonic())

    @property
    def passed(self) -> bool:
        return self._expired or time.monotonic() >= self.ends_at

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down when the limit passes (at once if it has)."""
        twin = sock.dup()
        with self._lock:
            if not self._expired:
                self._sockets.append(twin)
                return
        _shut_down(twin)
        twin.close()

    def run(self, function: Callable[..., T], *args) -> T:
        """``function(*args)`` in a helper thread, waited for until the limit.

        For calls that cannot be interrupted (``getaddrinfo``): when the limit
        passes first, raises :class:`DeadlinePassed` and leaves the thread to
        finish on its own.
        """
        outcome: dict[str, object] = {}

        def call() -> None:
            try:
                outcome["value"] = function(*args)
            except BaseException as error:  # handed to the waiting thread
                outcome["error"] = error

        helper = threading.Thread(target=call, name="fetch-lookup", daemon=True)
        helper.start()
        helper.join(self.remaining())
        if helper.is_alive():
            raise DeadlinePassed(f"no answer within {self.seconds:g} seconds")
        if "error" in outcome:
            raise outcome["error"]  # type: ignore[misc]
        return outcome["value"]  # type: ignore[return-value]

    def _expire(self) -> None:
        with self._lock:
            if self._expired:
                return
            self._expired = True
            for sock in self._sockets:
                _shut_down(sock)


def _shut_down(sock: socket.socket) -> None:
    # OSError: already closed by the peer or by the fetch.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
