"""Local HTTP servers on 127.0.0.1 for the fetcher: pages a test sets up."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    delay: float = 0.0
    # The response waits for this event (set by the test) before it is sent.
    hold: threading.Event | None = None
    # Send this many bytes of filler after ``body`` (a huge page).
    filler_bytes: int = 0


def html(*paragraphs: str, charset: str = "utf-8") -> bytes:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f'<html><head><meta charset="{charset}"><title>来源</title></head>'
        f"<body><article><h1>新华社：小米正式发布</h1>{body}</article></body></html>"
    ).encode(charset)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client that hangs up early (size cap, time limit, killed worker)


class ThreadServer:
    """An HTTP server on 127.0.0.1 and a random port, in a thread."""

    def _serve(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class PageServer(ThreadServer):
    """Pages (``pages``, by path) answered to GET, each request kept."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        # When each request arrived (time.time()), in order, with its path.
        self.arrivals: list[tuple[float, str]] = []
        self.arrived: dict[str, threading.Event] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                server.arrivals.append((time.time(), self.path))
                server.requests.append((self.path, dict(self.headers)))
                server.arrived.setdefault(self.path, threading.Event()).set()
                page = server.pages.get(self.path)
                if page is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if page.hold is not None:
                    page.hold.wait(60)
                if page.delay:
                    time.sleep(page.delay)
                if page.etag and self.headers.get("If-None-Match") == page.etag:
                    self.send_response(304)
                    self.send_header("ETag", page.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                try:
                    self.send_response(page.status)
                    self.send_header("Content-Type", page.content_type)
                    self.send_header(
                        "Content-Length", str(len(page.body) + page.filler_bytes)
                    )
                    if page.etag:
                        self.send_header("ETag", page.etag)
                    for name, value in page.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(page.body)
                    chunk = b"<p>filler filler filler filler</p>\n" * 2048
                    left = page.filler_bytes
                    while left > 0:
                        self.wfile.write(chunk[:left])
                        left -= len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the fetcher stopped reading: expected for huge pages

        self._serve(Handler)

    def hits(self, path: str) -> int:
        return sum(1 for seen, _headers in self.requests if seen == path)

    def stop(self) -> None:
        for page in self.pages.values():
            if page.hold is not None:
                page.hold.set()
        super().stop()
