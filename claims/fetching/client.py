"""Fetch a page safely: the policy, the URL and address rules, ``fetch``.

Nothing here imports Django: the caller passes a :class:`FetchPolicy` built
from settings. The fetcher refuses to become a proxy into the private network:

- only http and https, on ports 80 and 443, without user-info in the URL;
- the host is resolved once, the address is checked (private, loopback,
  link-local such as 169.254.169.254, CGNAT, multicast, reserved), and the
  connection goes to that checked address (requests-hardened pins it, so a
  second DNS answer cannot swap it);
- redirects are followed by hand, at most five, each hop checked again;
- connect and read timeouts, one deadline for the whole fetch, a cap on the
  decoded body, a content-type allow-list, robots.txt (protego).

robots.txt is fetched once per origin and kept for
``FetchPolicy.robots_cache_seconds`` in ``FetchPolicy.robots_cache`` when the
caller passes one (anything with ``get(key)`` and ``set(key, value, timeout)``,
such as Django's cache), so checks of many pages on one site cost one
request each rather than two.
"""

from __future__ import annotations

import enum
import errno
import hashlib
import ipaddress
import socket
import time
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from requests_hardened.ip_filter import EXTRA_BLOCKED_NET_RANGES, InvalidIPAddress
from requests_hardened.ip_filter_adapter import IPFilterAdapter

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


class Outcome(enum.StrEnum):
    OK = "ok"
    NOT_MODIFIED = "not_modified"
    # The resource is gone: 404, 410, no such host. Two of these some days
    # apart make a link dead.
    DEFINITIVE = "definitive"
    # Worth retrying soon: timeout, refused connection, 5xx, 429.
    TRANSIENT = "transient"
    # Another answer that is neither (403, a redirect loop): checked again at
    # the next regular check, never retried now, never a death.
    FAILED = "failed"
    # Refused by the fetcher's own rules or robots.txt: never retried.
    BLOCKED = "blocked"


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str
    connect_timeout: float = 5.0
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

    @property
    def robots_agent(self) -> str:
        return self.user_agent.split("/", 1)[0].split()[0]


@dataclass
class FetchResult:
    outcome: Outcome
    url: str
    reason: str = ""
    final_url: str = ""
    status: int | None = None
    body: bytes = b""
    truncated: bool = False
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    redirects: list[str] = field(default_factory=list)

    @property
    def moved(self) -> bool:
        return bool(self.final_url) and self.final_url != self.url


class _Refused(Exception):
    """A URL or address the fetcher will not touch."""


class _Stop(Exception):
    """End the fetch with this result."""

    def __init__(self, result: FetchResult):
        super().__init__(result.reason)
        self.result = result


def address_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why a resolved address must not be contacted, or None when it may."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return f"{ip} is a loopback address"
    if ip.is_link_local:
        return f"{ip} is a link-local address (cloud metadata lives here)"
    if ip.is_multicast:
        return f"{ip} is a multicast address"
    if ip.is_unspecified or ip.is_reserved:
        return f"{ip} is a reserved address"
    if any(ip in net for net in EXTRA_BLOCKED_NET_RANGES) or not ip.is_global:
        return f"{ip} is a private address"
    return None


def url_refusal(url: str, policy: FetchPolicy) -> str | None:
    """Why a URL is refused before any network access, or None."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "the URL is malformed"
    if parts.scheme not in ("http", "https"):
        return f"scheme {parts.scheme or '(none)'!r} is not http or https"
    if parts.username is not None or parts.password is not None:
        return "the URL carries a user name or password"
    host = parts.hostname
    if not host:
        return "the URL has no host"
    effective_port = port or (443 if parts.scheme == "https" else 80)
    if f"{host}:{effective_port}" in policy.unsafe_allowed_hosts:
        return None
    if port not in (None, 80, 443):
        return f"port {port} is not 80 or 443"
    return None


class _GuardedAdapter(IPFilterAdapter):
    """requests-hardened's pinning adapter with this project's address rules."""

    def __init__(self, *, is_https: bool, unsafe_allowed_hosts: frozenset[str]):
        super().__init__(is_https_proto=is_https, allow_loopback=False)
        self._unsafe_allowed_hosts = unsafe_allowed_hosts

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        parts = urlsplit(request.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if f"{parts.hostname}:{port}" in self._unsafe_allowed_hosts:
            return HTTPAdapter.build_connection_pool_key_attributes(
                self, request, verify, cert
            )
        # Resolves the host, refuses private addresses and pins the connection
        # to the resolved address; then the stricter checks below.
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        ip = ipaddress.ip_address(host_params["host"].strip("[]"))
        refusal = address_refusal(ip)
        if refusal:
            raise InvalidIPAddress(refusal)
        return host_params, pool_kwargs


def _session(policy: FetchPolicy) -> requests.Session:
    session = requests.Session()
    # Environment proxies would connect somewhere other than the checked
    # address.
    session.trust_env = False
    session.max_redirects = policy.max_redirects
    for scheme, is_https in (("http://", False), ("https://", True)):
        session.mount(
            scheme,
            _GuardedAdapter(
                is_https=is_https,
                unsafe_allowed_hosts=policy.unsafe_allowed_hosts,
            ),
        )
    session.headers.update(
        {
            "User-Agent": policy.user_agent,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.1",
        }
    )
    return session


def _is_no_such_host(error: BaseException) -> bool:
    """True when DNS said the name does not exist (not "try again later")."""
    chain = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for link in chain:
        if isinstance(link, socket.gaierror):
            return link.errno in _NO_SUCH_HOST_ERRNOS
    return any("Name or service not known" in str(link) for link in chain)


_NO_SUCH_HOST_ERRNOS = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)}


def _is_refused(error: BaseException) -> bool:
    text = str(error)
    return "Connection refused" in text or f"Errno {errno.ECONNREFUSED}" in text


class _Fetch:
    def __init__(self, url: str, policy: FetchPolicy):
        self.url = url
        self.policy = policy
        self.session = _session(policy)
        self.deadline = time.monotonic() + policy.total_deadline
        self.robots: dict[str, Protego | None] = {}

    def result(self, outcome: Outcome, reason: str, **kwargs) -> FetchResult:
        return FetchResult(outcome=outcome, url=self.url, reason=reason, **kwargs)

    def timeouts(self) -> tuple[float, float]:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise _Stop(
                self.result(
                    Outcome.TRANSIENT,
                    f"gave up after {self.policy.total_deadline:g} seconds",
                )
            )
        return (
            min(self.policy.connect_timeout, remaining),
            min(self.policy.read_timeout, remaining),
        )

    def get(self, url: str, headers: dict[str, str], label: str) -> requests.Response:
        """One request to one URL, with failures turned into results.

        ``label`` names the URL in reasons: the page, or "redirect to ...".
        """
        refusal = url_refusal(url, self.policy)
        if refusal:
            raise _Stop(self.result(Outcome.BLOCKED, f"{label}: {refusal}"))
        try:
            return self.session.get(
                url,
                headers=headers,
                stream=True,
                allow_redirects=False,
                timeout=self.timeouts(),
            )
        except InvalidIPAddress as error:
            detail = error.args[0] if error.args else ""
            if not isinstance(detail, str):
                detail = address_refusal(detail) or f"{detail} is not allowed"
            raise _Stop(self.result(Outcome.BLOCKED, f"{label}: {detail}")) from error
        except requests.Timeout as error:
            raise _Stop(
                self.result(Outcome.TRANSIENT, f"{label}: timed out")
            ) from error
        except requests.ConnectionError as error:
            if _is_no_such_host(error):
                raise _Stop(
                    self.result(Outcome.DEFINITIVE, "no such host", status=None)
                ) from error
            what = "connection refused" if _is_refused(error) else "connection failed"
            raise _Stop(self.result(Outcome.TRANSIENT, f"{label}: {what}")) from error
        except (requests.exceptions.InvalidURL, ValueError) as error:
            raise _Stop(
                self.result(Outcome.BLOCKED, f"{label}: the URL is malformed")
            ) from error
        except requests.RequestException as error:
            raise _Stop(
                self.result(Outcome.TRANSIENT, f"{label}: {type(error).__name__}")
            ) from error

    def read(self, response: requests.Response, limit: int) -> tuple[bytes, bool]:
        """The decoded body up to ``limit`` bytes, streamed, within the deadline."""
        chunks: list[bytes] = []
        size = 0
        truncated = False
        try:
            for chunk in response.iter_content(CHUNK_SIZE):
                if time.monotonic() > self.deadline:
                    raise _Stop(
                        self.result(
                            Outcome.TRANSIENT,
                            f"gave up after {self.policy.total_deadline:g} seconds",
                        )
                    )
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
            raise _Stop(
                self.result(Outcome.TRANSIENT, f"reading the body failed: {error}")
            ) from error
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
            if stop.result.outcome == Outcome.BLOCKED:
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


def _robots_cache_key(origin: str) -> str:
    return "robots-txt:" + hashlib.sha256(origin.lower().encode()).hexdigest()


def fetch(
    url: str, *, policy: FetchPolicy, etag: str = "", last_modified: str = ""
) -> FetchResult:
    """Fetch ``url`` under ``policy``; every failure comes back as a result."""
    attempt = _Fetch(url, policy)
    try:
        return attempt.run(etag, last_modified)
    except _Stop as stop:
        return stop.result
    finally:
        attempt.session.close()
