"""The evidence admin: a link check queued on demand, and kept when the task
queue is down."""

import time
from urllib.parse import urlsplit

import pytest
import redis
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import timezone

from claims.models import Evidence
from claims.routing import fetch_queue
from tests.factories import EvidenceFactory
from tests.helpers.broker import publishing_to
from tests.helpers.tcp_proxy import HangingProxy

pytestmark = pytest.mark.django_db


def check_now(client, evidence):
    return client.post(
        reverse("admin:claims_evidence_changelist"),
        {
            "action": "check_now",
            helpers.ACTION_CHECKBOX_NAME: [e.pk for e in evidence],
        },
        follow=True,
    )


@pytest.mark.redis
def test_check_now_queues_a_check_per_link(client, editor, redis_url):
    evidence = EvidenceFactory.create_batch(2)
    client.force_login(editor)
    with publishing_to(redis_url) as queue:
        response = check_now(client, evidence)
    assert "已排队检查 2 个链接" in response.content.decode()
    queued = redis.Redis.from_url(redis_url)
    try:
        # On the fetch queue: a slow site never holds up the scans.
        assert queued.llen(fetch_queue(queue)) == 2
        assert queued.llen(queue) == 0
    finally:
        queued.delete(queue, fetch_queue(queue))


def assert_kept_for_the_next_round(response, evidence, started) -> None:
    page = response.content.decode()
    assert response.status_code == 200
    assert "无法排队检查链接" in page
    assert "已排队检查" not in page
    for item in evidence:
        item.refresh_from_db()
        # Due now: the next beat tick's evidence_claim_due takes it.
        assert item.next_check_at is not None
        assert item.next_check_at <= timezone.now()
        assert item.next_check_at >= started


def test_check_now_with_the_queue_refusing_says_so_and_keeps_the_work(client, editor):
    evidence = EvidenceFactory.create_batch(
        2, next_check_at=timezone.now() + timezone.timedelta(days=5)
    )
    client.force_login(editor)
    started = timezone.now()
    # Nothing listens on port 1: the broker refuses every connection.
    with publishing_to("redis://127.0.0.1:1/0"):
        response = check_now(client, evidence)
    assert_kept_for_the_next_round(response, evidence, started)


@pytest.mark.redis
def test_check_now_with_the_queue_hung_answers_within_its_timeout(
    client, editor, redis_url
):
    evidence = EvidenceFactory.create_batch(
        2, next_check_at=timezone.now() + timezone.timedelta(days=5)
    )
    client.force_login(editor)
    address = urlsplit(redis_url)
    proxy = HangingProxy(address.hostname, address.port or 6379)
    proxy.hang()
    started = timezone.now()
    clock = time.monotonic()
    try:
        with publishing_to(f"redis://127.0.0.1:{proxy.port}{address.path}"):
            response = check_now(client, evidence)
    finally:
        proxy.stop()
    assert time.monotonic() - clock < 10
    assert_kept_for_the_next_round(response, evidence, started)
    assert Evidence.objects.filter(next_check_at__gt=timezone.now()).count() == 0
