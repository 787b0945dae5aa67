"""The requests session of one fetch: pinned, checked addresses, and
connections its :class:`~claims.fetching.deadline.Deadline` can cut.

requests-hardened resolves the host once, refuses private addresses and pins
the connection to the address it resolved (a second DNS answer cannot swap
it); :func:`~claims.fetching.addresses.address_refusal` adds the project's
stricter rules. The lookup runs under the deadline, and every socket the
session opens is watched by it.
"""

from __future__ import annotations

import functools
import ipaddress

import requests
from requests.adapters import HTTPAdapter
from requests_hardened.ip_filter import InvalidIPAddress
from requests_hardened.ip_filter_adapter import IPFilterAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection

from .addresses import address_refusal, host_and_port
from .deadline import Deadline

ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.1"


class _WatchedConnection:
    """A urllib3 connection whose socket the deadline shuts down."""

    def __init__(self, *args, deadline: Deadline, **kwargs):
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def _new_conn(self):
        # The plain socket, before TLS wraps it: the handshake is watched too.
        sock = super()._new_conn()
        self._deadline.watch(sock)
        return sock


class _WatchedHTTPConnection(_WatchedConnection, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_WatchedConnection, HTTPSConnection):
    pass


class _GuardedAdapter(IPFilterAdapter):
    """requests-hardened's pinning adapter with this project's address rules
    and the fetch's deadline."""

    def __init__(
        self,
        *,
        is_https: bool,
        unsafe_allowed_hosts: frozenset[str],
        deadline: Deadline,
    ):
        super().__init__(is_https_proto=is_https, allow_loopback=False)
        self._unsafe_allowed_hosts = unsafe_allowed_hosts
        self._deadline = deadline
        connection = _WatchedHTTPSConnection if is_https else _WatchedHTTPConnection
        self._connection_cls = functools.partial(connection, deadline=deadline)

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        if host_and_port(request.url) in self._unsafe_allowed_hosts:
            return HTTPAdapter.build_connection_pool_key_attributes(
                self, request, verify, cert
            )
        # Resolves the host (within the deadline), refuses private addresses
        # and pins the connection to the resolved address; then the stricter
        # checks below.
        resolve = super().build_connection_pool_key_attributes
        host_params, pool_kwargs = self._deadline.run(resolve, request, verify, cert)
        ip = ipaddress.ip_address(host_params["host"].strip("[]"))
        refusal = address_refusal(ip)
        if refusal:
            raise InvalidIPAddress(refusal)
        return host_params, pool_kwargs

    def get_connection_with_tls_context(self, request, verify, proxies=None, cert=None):
        pool = super().get_connection_with_tls_context(
            request, verify, proxies=proxies, cert=cert
        )
        # Every connection this pool opens is watched by the deadline.
        pool.ConnectionCls = self._connection_cls
        return pool


def session_for(
    *,
    user_agent: str,
    max_redirects: int,
    unsafe_allowed_hosts: frozenset[str],
    deadline: Deadline,
) -> requests.Session:
    """A session for one fetch (never shared: its connections die with the
    deadline)."""
    session = requests.Session()
    # Environment proxies would connect somewhere other than the checked
    # address.
    session.trust_env = False
    session.max_redirects = max_redirects
    for scheme, is_https in (("http://", False), ("https://", True)):
        session.mount(
            scheme,
            _GuardedAdapter(
                is_https=is_https,
                unsafe_allowed_hosts=unsafe_allowed_hosts,
                deadline=deadline,
            ),
        )
    session.headers.update({"User-Agent": user_agent, "Accept": ACCEPT})
    return session
