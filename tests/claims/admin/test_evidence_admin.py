"""The evidence admin: a link check queued on demand."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


def test_check_now_queues_a_check_per_link(
    client, editor, django_capture_on_commit_callbacks
):
    evidence = EvidenceFactory.create_batch(2)
    client.force_login(editor)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("admin:claims_evidence_changelist"),
            {
                "action": "check_now",
                helpers.ACTION_CHECKBOX_NAME: [e.pk for e in evidence],
            },
            follow=True,
        )
    assert "已排队检查 2 个链接" in response.content.decode()
    assert len(callbacks) == 1
