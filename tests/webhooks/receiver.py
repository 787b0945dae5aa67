"""A webhook receiver on 127.0.0.1 and a random port, in a thread: it keeps
every POST (headers, raw body, arrival time) and answers with ``status``."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

from tests.helpers.servers import ThreadServer


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic() on arrival


class WebhookReceiver(ThreadServer):
    def __init__(self) -> None:
        self.status = 200
        self.answer = b'{"ok": true}'
        self.headers: dict[str, str] = {}
        self.delay = 0.0  # seconds before answering
        self.received: list[Received] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver._lock:
                    receiver.received.append(
                        Received(self.path, dict(self.headers), body, time.monotonic())
                    )
                if receiver.delay:
                    time.sleep(receiver.delay)
                try:
                    self.send_response(receiver.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(receiver.answer)))
                    for name, value in receiver.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(receiver.answer)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender stopped reading (time limit, size cap)

        self._serve(Handler)

    def url(self, path: str = "/hook") -> str:
        return super().url(path)

    def requests(self) -> list[Received]:
        with self._lock:
            return list(self.received)
