"""Reads for anonymous readers: the home page's deadline lists."""

from datetime import timedelta

import pytest
from django.utils import timezone

from claims import selectors
from tests.factories import claim_due

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_soonest_upcoming_and_the_latest_passed_first():
    today = timezone.localdate()
    soon = claim_due(today + timedelta(days=2), published=True)
    later = claim_due(today + timedelta(days=20), published=True)
    long_ago = claim_due(today - timedelta(days=20), published=True)
    just_now = claim_due(today - timedelta(days=1), published=True)

    assert list(selectors.claim_list_deadline_upcoming(today=today)) == [soon, later]
    assert list(selectors.claim_list_deadline_passed(today=today)) == [
        just_now,
        long_ago,
    ]
