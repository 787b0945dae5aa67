"""Load from a second process on loopback: wrk, or a Python fallback.

Every run is bounded in time (``seconds``) and the Python fallback also in
count (``max_requests``).
"""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    requests_per_second: float
    p99_ms: float
    requests: int
    errors: int
    tool: str


def tool_name() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def load(url: str, *, seconds: float, connections: int) -> LoadResult:
    if shutil.which("wrk"):
        return _wrk(url, seconds=seconds, connections=connections)
    return _python(url, seconds=seconds, connections=connections)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _wrk(url: str, *, seconds: float, connections: int) -> LoadResult:
    output = subprocess.run(
        [
            "wrk",
            "--threads",
            "1",
            "--connections",
            str(connections),
            "--duration",
            f"{int(seconds)}s",
            "--timeout",
            "5s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s|m)\b", output).groups()
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(number) for number in socket_errors.groups())
    return LoadResult(rps, float(value) * _UNITS[unit], total, errors, "wrk")


def _python(
    url: str, *, seconds: float, connections: int, max_requests: int = 500_000
) -> LoadResult:
    """Keep-alive clients in threads: slower than wrk, so only ratios compare."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        mine: list[float] = []
        while time.monotonic() < stop_at and len(latencies) + len(mine) < max_requests:
            started = time.perf_counter()
            try:
                connection.request("GET", target)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection(
                    parts.hostname, parts.port, timeout=5
                )
                continue
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 10)
    elapsed = time.monotonic() - started
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0.0
    return LoadResult(
        len(latencies) / elapsed, p99, len(latencies), errors[0], "python"
    )
