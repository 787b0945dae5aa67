"""Fetch a page safely: the policy and ``fetch``.

Nothing here imports Django: the caller passes a :class:`FetchPolicy` built
from settings. The fetcher refuses to become a proxy into the private network
and cannot be held up by a server:

- URLs and addresses are checked by the rules in ``addresses``, before any
  connection and again once the host is resolved; the connection goes to the
  address that was checked (``transport``);
- redirects are followed by hand, at most five, each hop checked again;
- connect and read timeouts, and one wall-clock limit for the whole fetch,
  robots.txt, redirects, headers and body included (``deadline``): when it
  passes, the fetch's connections are shut down and the outcome is
  ``TIME_LIMIT``;
- "no such host" counts only when a control name resolves (``dns``);
  otherwise the resolver is at fault and the outcome is ``TRANSIENT``;
- a cap on the decoded body, a content-type allow-list, robots.txt (protego).

:func:`post` sends one body (a webhook delivery) under the same address
rules and limits, following no redirect.

robots.txt is fetched once per origin and kept for
``FetchPolicy.robots_cache_seconds`` in ``FetchPolicy.robots_cache`` when the
caller passes one (anything with ``get(key)`` and ``set(key, value, timeout)``,
such as Django's cache), so checks of many pages on one site cost one
request each rather than two.
"""

from __future__ import annotations

import errno
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego
from requests_hardened.ip_filter import InvalidIPAddress

from .addresses import address_refusal, url_refusal
from .deadline import Deadline, DeadlinePassed
from .dns import is_no_such_host, lookup_failure, resolves
from .outcomes import FetchResult, Outcome
from .transport import session_for

DEFAULT_CONTENT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/xml",
    "text/xml",
)
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
DEFINITIVE_STATUSES = {404, 410}
ROBOTS_MAX_BYTES = 512 * 1024
CHUNK_SIZE = 64 * 1024


class RobotsCache(Protocol):
    """Where robots.txt bodies are kept between fetches (Django's cache fits)."""

    def get(self, key: str) -> Any: ...

    def set(self, key: str, value: Any, timeout: int | None) -> Any: ...


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str
    connect_timeout: float = 5.0
    # Longest wait for any one read; the whole fetch ends at total_deadline.
    read_timeout: float = 15.0
    total_deadline: float = 45.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    content_types: tuple[str, ...] = DEFAULT_CONTENT_TYPES
    respect_robots: bool = True
    # Exact "host:port" pairs exempt from the address and port rules, for
    # local test servers only.
    unsafe_allowed_hosts: frozenset[str] = frozenset()
    # robots.txt per origin between fetches (None: fetched by every fetch).
    robots_cache: RobotsCache | None = field(default=None, compare=False)
    robots_cache_seconds: int = 3600
    # A name that must resolve, looked up when a host does not: if it fails
    # too, the resolver is at fault. Empty: "no such host" is believed.
    dns_control_host: str = ""
    # Politeness: called with a request's host and the seconds the fetch has
    # left before each request (robots.txt and redirects included). Returns
    # 0 once the request may go (it may have waited for the host's turn),
    # else the seconds until the turn: the fetch ends as TOO_SOON, nothing
    # sent. None: no pace.
    pace: Callable[[str, float], float] | None = field(default=None, compare=False)

    @property
    def robots_agent(self) -> str:
        return self.user_agent.split("/", 1)[0].split()[0]


class _Stop(Exception):
    """End the fetch with this result."""

    def __init__(self, result: FetchResult):
        super().__init__(result.reason)
        self.result = result


def _is_refused(error: BaseException) -> bool:
    text = str(error)
    return "Connection refused" in text or f"Errno {errno.ECONNREFUSED}" in text


class _Fetch:
    def __init__(self, url: str, policy: FetchPolicy, deadline: Deadline):
        self.url = url
        self.policy = policy
        self.deadline = deadline
        self.session = session_for(
            user_agent=policy.user_agent,
            max_redirects=policy.max_redirects,
            unsafe_allowed_hosts=policy.unsafe_allowed_hosts,
            deadline=deadline,
        )
        self.robots: dict[str, Protego | None] = {}

    def result(self, outcome: Outcome, reason: str, **kwargs) -> FetchResult:
        return FetchResult(outcome=outcome, url=self.url, reason=reason, **kwargs)

    def time_limit(self) -> _Stop:
        return _Stop(
            self.result(
                Outcome.TIME_LIMIT,
                f"took longer than the {self.policy.total_deadline:g}-second "
                "limit for one fetch",
            )
        )

    def timeouts(self) -> tuple[float, float]:
        """Connect and read timeouts, neither beyond the time left."""
        remaining = self.deadline.remaining()
        if remaining <= 0:
            raise self.time_limit()
        return (
            min(self.policy.connect_timeout, remaining),
            min(self.policy.read_timeout, remaining),
        )

    def get(
        self,
        url: str,
        headers: dict[str, str],
        label: str,
        *,
        method: str = "GET",
        body: bytes | None = None,
    ) -> requests.Response:
        """One request to one URL, with failures turned into results.

        ``label`` names the URL in reasons: the page, or "redirect to ...".
        """
        refusal = url_refusal(url, self.policy)
        if refusal:
            raise _Stop(self.result(Outcome.BLOCKED, f"{label}: {refusal}"))
        if self.policy.pace is not None:
            host = urlsplit(url).hostname or ""
            wait = self.policy.pace(host, max(0.0, self.deadline.remaining()))
            if wait > 0:
                raise _Stop(
                    self.result(
                        Outcome.TOO_SOON,
                        f"{host} was asked too recently",
                        retry_after=wait,
                    )
                )
        try:
            return self.session.request(
                method,
                url,
                headers=headers,
                data=body,
                stream=True,
                allow_redirects=False,
                timeout=self.timeouts(),
            )
        except InvalidIPAddress as error:
            detail = error.args[0] if error.args else ""
            if not isinstance(detail, str):
                detail = address_refusal(detail) or f"{detail} is not allowed"
            raise _Stop(self.result(Outcome.BLOCKED, f"{label}: {detail}")) from error
        except requests.RequestException as error:
            if self.deadline.passed or isinstance(error, DeadlinePassed):
                raise self.time_limit() from error
            raise self.failure(error, url, label) from error
        except ValueError as error:
            raise _Stop(
                self.result(Outcome.BLOCKED, f"{label}: the URL is malformed")
            ) from error

    def failure(self, error: requests.RequestException, url: str, label: str) -> _Stop:
        """A request that failed before the deadline, as a result."""
        if isinstance(error, requests.Timeout):
            return _Stop(self.result(Outcome.TRANSIENT, f"{label}: timed out"))
        if isinstance(error, requests.ConnectionError):
            if is_no_such_host(error):
                return self.host_not_found(url)
            if lookup := lookup_failure(error):
                return _Stop(
                    self.result(
                        Outcome.TRANSIENT,
                        f"the DNS resolver failed: {urlsplit(url).hostname} "
                        f"could not be looked up ({lookup.strerror})",
                        resolver_failed=True,
                    )
                )
            what = "connection refused" if _is_refused(error) else "connection failed"
            return _Stop(self.result(Outcome.TRANSIENT, f"{label}: {what}"))
        if isinstance(error, ValueError):  # InvalidURL, MissingSchema, ...
            return _Stop(self.result(Outcome.BLOCKED, f"{label}: the URL is malformed"))
        return _Stop(self.result(Outcome.TRANSIENT, f"{label}: {type(error).__name__}"))

    def host_not_found(self, url: str) -> _Stop:
        """The host does not resolve: gone, if the control name resolves."""
        control = self.policy.dns_control_host
        try:
            resolver_works = not control or resolves(control, self.deadline)
        except DeadlinePassed:
            return self.time_limit()
        if not resolver_works:
            host = urlsplit(url).hostname
            return _Stop(
                self.result(
                    Outcome.TRANSIENT,
                    f"the DNS resolver failed: {host} did not resolve, nor did "
                    f"{control}, a name that must",
                    resolver_failed=True,
                )
            )
        return _Stop(self.result(Outcome.DEFINITIVE, "no such host", no_such_host=True))

    def read(self, response: requests.Response, limit: int) -> tuple[bytes, bool]:
        """The decoded body up to ``limit`` bytes, streamed, within the deadline."""
        chunks: list[bytes] = []
        size = 0
        truncated = False
        try:
            for chunk in response.iter_content(CHUNK_SIZE):
                if self.deadline.passed:
                    raise self.time_limit()
                room = limit - size
                if len(chunk) >= room:
                    chunks.append(chunk[:room])
                    size = limit
                    truncated = len(chunk) > room or bool(
                        next(response.iter_content(1), b"")
                    )
                    break
                chunks.append(chunk)
                size += len(chunk)
        except requests.RequestException as error:
            if self.deadline.passed:
                raise self.time_limit() from error
            raise _Stop(
                self.result(Outcome.TRANSIENT, f"reading the body failed: {error}")
            ) from error
        # The deadline ends a body without a length as if the server had.
        if self.deadline.passed:
            raise self.time_limit()
        return b"".join(chunks), truncated

    def follow(
        self, url: str, headers: dict[str, str], *, check_robots: bool, label: str
    ) -> tuple[requests.Response, str, list[str]]:
        """Follow redirects by hand, checking every hop."""
        hops: list[str] = []
        current = url
        for _ in range(self.policy.max_redirects + 1):
            hop_label = f"redirect to {current}" if hops else label
            if check_robots:
                self.check_robots(current, hop_label)
            response = self.get(current, headers, hop_label)
            location = response.headers.get("Location")
            if response.status_code in REDIRECT_STATUSES and location:
                response.close()
                current = urljoin(current, location)
                hops.append(current)
                continue
            return response, current, hops
        raise _Stop(
            self.result(
                Outcome.FAILED,
                f"more than {self.policy.max_redirects} redirects",
                redirects=hops,
            )
        )

    def check_robots(self, url: str, label: str) -> None:
        if not self.policy.respect_robots:
            return
        refusal = url_refusal(url, self.policy)
        if refusal:
            raise _Stop(self.result(Outcome.BLOCKED, f"{label}: {refusal}"))
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:
            self.robots[origin] = self.load_robots(origin, label)
        rules = self.robots[origin]
        if rules is not None and not rules.can_fetch(url, self.policy.robots_agent):
            raise _Stop(
                self.result(Outcome.BLOCKED, f"robots.txt of {origin} disallows it")
            )

    def load_robots(self, origin: str, label: str) -> Protego | None:
        """The origin's rules, or None (allow all) when it has no usable file.

        An unreachable or broken robots.txt does not block: the page fetch that
        follows reports the real problem. A file that was read (or a definite
        answer that there is none) is kept in the policy's robots cache; a
        failed attempt is not, so the next fetch tries again.
        """
        cache = self.policy.robots_cache
        key = _robots_cache_key(origin)
        if cache is not None:
            cached = cache.get(key)
            if isinstance(cached, str):
                return Protego.parse(cached) if cached else None
        text = self.fetch_robots(origin, label)
        if text is None:
            return None
        if cache is not None:
            cache.set(key, text, self.policy.robots_cache_seconds)
        return Protego.parse(text) if text else None

    def fetch_robots(self, origin: str, label: str) -> str | None:
        """robots.txt's text; "" when the site answers that it has none; None
        when the attempt failed."""
        try:
            response, _url, _hops = self.follow(
                f"{origin}/robots.txt", {}, check_robots=False, label=label
            )
        except _Stop as stop:
            result = stop.result
            # The page would end the same way: refused, out of time, or on a
            # host that does not resolve.
            if (
                result.outcome in (Outcome.BLOCKED, Outcome.TIME_LIMIT)
                or result.no_such_host
                or result.resolver_failed
            ):
                raise
            return None
        with response:
            status = response.status_code
            if status == 429 or status >= 500:
                return None
            if status != 200:
                return ""
            body, _truncated = self.read(response, ROBOTS_MAX_BYTES)
        return body.decode("utf-8", errors="replace")

    def run(self, etag: str, last_modified: str) -> FetchResult:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        response, final_url, hops = self.follow(
            self.url, headers, check_robots=True, label=self.url
        )
        with response:
            common = {
                "final_url": final_url,
                "status": response.status_code,
                "redirects": hops,
                "etag": response.headers.get("ETag", ""),
                "last_modified": response.headers.get("Last-Modified", ""),
            }
            status = response.status_code
            if status == 304:
                common["etag"] = common["etag"] or etag
                common["last_modified"] = common["last_modified"] or last_modified
                return self.result(Outcome.NOT_MODIFIED, "not modified", **common)
            if status in DEFINITIVE_STATUSES:
                return self.result(Outcome.DEFINITIVE, f"returned {status}", **common)
            if status == 429 or status >= 500:
                return self.result(Outcome.TRANSIENT, f"returned {status}", **common)
            if not 200 <= status < 300:
                return self.result(Outcome.FAILED, f"returned {status}", **common)
            content_type = (
                response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            )
            if content_type and content_type not in self.policy.content_types:
                return self.result(
                    Outcome.BLOCKED,
                    f"content type {content_type} is not checked",
                    **common,
                )
            body, truncated = self.read(response, self.policy.max_bytes)
        return self.result(
            Outcome.OK,
            "ok",
            body=body,
            truncated=truncated,
            content_type=content_type,
            **common,
        )

    def post(self, body: bytes, headers: dict[str, str]) -> FetchResult:
        """POST ``body`` once: no robots.txt, no redirect followed (a 3xx is
        a failure), any content type; the answer's body up to the cap."""
        response = self.get(self.url, headers, self.url, method="POST", body=body)
        with response:
            status = response.status_code
            common = {"final_url": self.url, "status": status}
            body_read, truncated = self.read(response, self.policy.max_bytes)
            common.update(
                body=body_read,
                truncated=truncated,
                content_type=response.headers.get("Content-Type", ""),
            )
        if 200 <= status < 300:
            return self.result(Outcome.OK, "ok", **common)
        if status in REDIRECT_STATUSES:
            return self.result(
                Outcome.FAILED,
                f"returned {status} (redirects are not followed)",
                **common,
            )
        if status == 429 or status >= 500:
            return self.result(Outcome.TRANSIENT, f"returned {status}", **common)
        return self.result(Outcome.FAILED, f"returned {status}", **common)


def _robots_cache_key(origin: str) -> str:
    return "robots-txt:" + hashlib.sha256(origin.lower().encode()).hexdigest()


def _within_deadline(
    url: str, policy: FetchPolicy, request: Callable[[_Fetch], FetchResult]
) -> FetchResult:
    """``request`` made under ``policy``'s wall-clock limit; its connections
    closed after."""
    with Deadline(policy.total_deadline) as deadline:
        attempt = _Fetch(url, policy, deadline)
        try:
            return request(attempt)
        except _Stop as stop:
            return stop.result
        finally:
            attempt.session.close()


def fetch(
    url: str, *, policy: FetchPolicy, etag: str = "", last_modified: str = ""
) -> FetchResult:
    """Fetch ``url`` under ``policy``; every failure comes back as a result.

    Returns within ``policy.total_deadline`` (plus the moment it takes to
    close the connections), whatever the servers do.
    """
    return _within_deadline(
        url, policy, lambda attempt: attempt.run(etag, last_modified)
    )


def post(
    url: str, *, policy: FetchPolicy, body: bytes, headers: dict[str, str]
) -> FetchResult:
    """POST ``body`` to ``url`` under ``policy`` (a webhook delivery): the
    same address rules, pinning, timeouts and wall-clock limit as
    :func:`fetch`; redirects are not followed; every failure comes back as a
    result, OK for any 2xx answer."""
    return _within_deadline(url, policy, lambda attempt: attempt.post(body, headers))
