"""Point this process's Celery app at another broker for one test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def publishing_to(broker_url: str, *, timeout: float = 1.0) -> Iterator[str]:
    """Tasks sent inside go to ``broker_url``, on a queue of their own
    (returned), with the production transport options' time limits."""
    import kombu.pools

    from tracker.celery import app

    saved = (
        app.conf.broker_url,
        app.conf.broker_transport_options,
        app.conf.task_default_queue,
        app.conf.broker_connection_timeout,
    )
    queue = f"tests-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    app.conf.broker_url = broker_url
    app.conf.broker_transport_options = {
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
    }
    app.conf.task_default_queue = queue
    app.conf.broker_connection_timeout = timeout
    _reset(app, kombu.pools)
    try:
        yield queue
    finally:
        (
            app.conf.broker_url,
            app.conf.broker_transport_options,
            app.conf.task_default_queue,
            app.conf.broker_connection_timeout,
        ) = saved
        _reset(app, kombu.pools)


def _reset(app, pools) -> None:
    """Forget cached connections, producers and queues after a config change."""
    pools.reset()
    app._pool = None
    app.__dict__.pop("amqp", None)
