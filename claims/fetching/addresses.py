"""Which URLs and addresses the fetcher refuses to touch.

Only http and https, on ports 80 and 443, without user-info in the URL; no
private, loopback, link-local (cloud metadata lives at 169.254.169.254),
CGNAT, multicast or reserved address. ``unsafe_allowed_hosts`` exempts exact
``host:port`` pairs, for local test servers only.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from requests_hardened.ip_filter import EXTRA_BLOCKED_NET_RANGES

if TYPE_CHECKING:
    from .client import FetchPolicy


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


def host_and_port(url: str) -> str:
    """``host:port`` of a URL, the port filled in from the scheme."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.hostname}:{port}"


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
    if not parts.hostname:
        return "the URL has no host"
    if host_and_port(url) in policy.unsafe_allowed_hosts:
        return None
    if port not in (None, 80, 443):
        return f"port {port} is not 80 or 443"
    return None
