"""Telling "this name does not exist" from "the resolver is not working".

A resolver that is down, misconfigured or cut off often answers "no such
host" for every name, the same answer a name that really is gone gets. Before
the fetcher calls a name gone, it looks up a control name that must resolve
(``FetchPolicy.dns_control_host``); when that fails too, the fault is the
resolver's, and the fetch is a transient failure.
"""

from __future__ import annotations

import socket

from .deadline import Deadline, DeadlinePassed

_NO_SUCH_HOST_ERRNOS = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)}


def _chain(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def is_no_such_host(error: BaseException) -> bool:
    """True when DNS said the name does not exist (not "try again later")."""
    chain = _chain(error)
    for link in chain:
        if isinstance(link, socket.gaierror):
            return link.errno in _NO_SUCH_HOST_ERRNOS
    return any("Name or service not known" in str(link) for link in chain)


def lookup_failure(error: BaseException) -> socket.gaierror | None:
    """The lookup error behind ``error`` when the name could not be looked up
    at all ("temporary failure in name resolution" and the like)."""
    return next(
        (link for link in _chain(error) if isinstance(link, socket.gaierror)), None
    )


def resolves(host: str, deadline: Deadline) -> bool:
    """Whether ``host`` resolves now, asked within ``deadline``.

    Any failure counts, a timeout included (raised as ``DeadlinePassed``
    when the deadline passes first).
    """
    try:
        return bool(deadline.run(socket.getaddrinfo, host, 80, 0, socket.SOCK_STREAM))
    except DeadlinePassed:
        raise
    except OSError:
        return False
