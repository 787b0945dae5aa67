"""A page that is not in the cache is rendered once, however many readers
ask for it at the same moment: the others wait for its copy, for a bounded
time, and render it themselves when it does not come."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client
from django.test.signals import template_rendered

from claims.locks import single_flight
from tests.factories import ClaimFactory
from tests.helpers.pages import text_of, url_in

pytestmark = [pytest.mark.django_db, pytest.mark.redis]

READERS = 8


@pytest.fixture
def renders(settings):
    """Renders of the claim list page, each made to take 0.3 s (long enough
    for every reader to ask while the first one renders). Readers wait up to
    30 s for a render: a loaded machine must not make them render too."""
    settings.READER_PAGE_RENDER_WAIT_SECONDS = 30
    rendered: list[str] = []
    lock = threading.Lock()

    def count(sender, template, **kwargs) -> None:
        if template.name == "claims/claim_list.html":
            with lock:
                rendered.append(threading.current_thread().name)
            time.sleep(0.3)

    template_rendered.connect(count, dispatch_uid="render-once-count")
    yield rendered
    template_rendered.disconnect(dispatch_uid="render-once-count")


def ask_at_once(url: str, readers: int = READERS):
    """``readers`` anonymous readers asking for ``url`` at the same moment,
    each in a thread of its own. The threads use the test's database
    connection (as Django's live server thread does), so they see the test's
    rows."""
    start = threading.Barrier(readers)
    connection = connections["default"]

    def read(_number: int):
        connections["default"] = connection
        start.wait()
        return Client().get(url)

    connection.inc_thread_sharing()
    try:
        with ThreadPoolExecutor(readers) as pool:
            return list(pool.map(read, range(readers)))
    finally:
        connection.dec_thread_sharing()


def test_readers_asking_at_once_get_one_render(redis_cache, renders):
    ClaimFactory(published=True, text_en="Rendered once")
    responses = ask_at_once(url_in("en", "claims:list"))
    assert len(renders) == 1
    assert [response.status_code for response in responses] == [200] * READERS
    assert all("Rendered once" in text_of(response) for response in responses)
    caches = sorted(response["X-Page-Cache"] for response in responses)
    assert caches == ["hit"] * (READERS - 1) + ["miss"]


def test_a_change_while_waiting_is_rendered_again(redis_cache, renders):
    """After a change, the next readers at once render it once more."""
    claim = ClaimFactory(published=True, text_en="Before the change")
    url = url_in("en", "claims:list")
    ask_at_once(url)
    claim.text_en = "After the change"
    claim.save()
    responses = ask_at_once(url)
    assert len(renders) == 2
    assert all("After the change" in text_of(response) for response in responses)


def test_a_reader_waits_a_bounded_time_for_a_render_that_never_stores(
    redis_cache, renders, settings, client
):
    settings.READER_PAGE_RENDER_WAIT_SECONDS = 0.5
    ClaimFactory(published=True, text_en="Rendered after the wait")
    url = url_in("en", "claims:list")
    key = _page_key(client, url)
    # Someone holds the render and never stores the page (a process that died).
    with single_flight(f"render:{key}", timeout=30) as held:
        assert held
        started = time.monotonic()
        response = client.get(url)
        waited = time.monotonic() - started
    assert response.status_code == 200
    assert "Rendered after the wait" in text_of(response)
    assert waited >= 0.5
    assert len(renders) == 1


def _page_key(client, url: str) -> str:
    from django.test import RequestFactory

    from reader.middleware import page_cache_key

    return page_cache_key(RequestFactory().get(url))
