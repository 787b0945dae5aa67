"""An HTTP server on 127.0.0.1 that misbehaves on purpose, on raw sockets.

``http.server`` cannot send half a header line and then stall, so this one
writes bytes itself: headers or a body one byte a second, silence, endless
redirects, endless bodies. Each path has a behaviour (a function of a
:class:`Reply`); unknown paths, robots.txt included, answer 404 at once.
It notes when each connection opened and when the client hung up.
"""

from __future__ import annotations

import itertools
import select
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass


class ClientGone(Exception):
    """The client closed the connection, or the server is stopping."""


class Reply:
    """What a behaviour writes to one connection."""

    def __init__(self, conn: socket.socket, stopping: threading.Event):
        self.conn = conn
        self.stopping = stopping

    def send(self, data: bytes) -> None:
        try:
            self.conn.sendall(data)
        except OSError as error:
            raise ClientGone from error
        if self.client_gone():
            raise ClientGone

    def pause(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if self.stopping.wait(min(left, 0.05)) or self.client_gone():
                raise ClientGone

    def drip(self, data: Iterable[int], interval: float = 1.0) -> None:
        """Send ``data`` one byte every ``interval`` seconds."""
        for byte in data:
            self.send(bytes([byte]))
            self.pause(interval)

    def client_gone(self) -> bool:
        """True once the client has closed or shut down its side."""
        try:
            readable, _, _ = select.select([self.conn], [], [], 0)
            return bool(readable) and self.conn.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True


Behaviour = Callable[[Reply], None]


def _head(status: str, *headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", *headers, "", ""]
    return "\r\n".join(lines).encode()


def not_found(reply: Reply) -> None:
    reply.send(_head("404 Not Found", "Content-Length: 0", "Connection: close"))


def slow_headers(reply: Reply) -> None:
    """The status line, then header lines one byte a second, forever."""
    reply.send(b"HTTP/1.1 200 OK\r\n")
    reply.drip(itertools.cycle(b"X-Slow: a\r\n"))


def slow_body(*, length: bool = True) -> Behaviour:
    """Headers at once, then a body one byte a second, forever; with or
    without a Content-Length (without one, only the end of the connection
    would end the body)."""

    def behaviour(reply: Reply) -> None:
        headers = ["Content-Type: text/html; charset=utf-8", "Connection: close"]
        if length:
            headers.append("Content-Length: 1000000")
        reply.send(_head("200 OK", *headers))
        reply.drip(itertools.cycle(b"<p>slow</p>"))

    return behaviour


def silence(reply: Reply) -> None:
    """Accept the request and never answer."""
    reply.pause(3600)


def endless_body(*, bytes_per_second: int | None = None) -> Behaviour:
    """A page that never ends, as fast as the client reads it or at a rate."""
    block = b"<p>" + b"filler " * 2340 + b"</p>\n"

    def behaviour(reply: Reply) -> None:
        reply.send(_head("200 OK", "Content-Type: text/html", "Connection: close"))
        while True:
            reply.send(block)
            if bytes_per_second:
                reply.pause(len(block) / bytes_per_second)

    return behaviour


def redirect(to: str, *, after: float = 0.0) -> Behaviour:
    """A redirect to ``to`` (itself: an endless loop), after ``after`` seconds."""

    def behaviour(reply: Reply) -> None:
        reply.pause(after)
        reply.send(
            _head(
                "302 Found", f"Location: {to}", "Content-Length: 0", "Connection: close"
            )
        )

    return behaviour


def page(body: bytes) -> Behaviour:
    def behaviour(reply: Reply) -> None:
        reply.send(
            _head(
                "200 OK",
                "Content-Type: text/html; charset=utf-8",
                f"Content-Length: {len(body)}",
                "Connection: close",
            )
            + body
        )

    return behaviour


@dataclass
class Visit:
    path: str
    opened_at: float
    closed_at: float | None = None


class MisbehavingServer:
    """The server, in threads; ``routes`` maps a path to its behaviour."""

    def __init__(self) -> None:
        self.routes: dict[str, Behaviour] = {}
        self.visits: list[Visit] = []
        self._stopping = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self._listener.getsockname()[1]}"

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for visit in self.visits if visit.path == path)

    def all_closed(self) -> bool:
        """Whether every connection so far has been hung up by the client."""
        return all(visit.closed_at is not None for visit in self.visits)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(10)
            request = b""
            try:
                while b"\r\n\r\n" not in request:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    request += chunk
            except OSError:
                return
            path = request.split(b" ", 2)[1].decode("latin-1")
            visit = Visit(path=path, opened_at=time.monotonic())
            self.visits.append(visit)
            behaviour = self.routes.get(path, not_found)
            reply = Reply(conn, self._stopping)
            try:
                behaviour(reply)
                # A well-behaved answer: wait for the client to hang up.
                while not reply.client_gone():
                    reply.pause(0.05)
            except ClientGone:
                pass
            visit.closed_at = time.monotonic()
