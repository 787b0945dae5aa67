"""The admin's History page reads as an editor expects: times in the site's
time zone and the language's format, empty values as a dash."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Rating
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_history_shows_local_times_and_no_deleted_placeholder(client, editor):
    claim = ClaimFactory(rating=None, rated_at=None)
    rated = datetime(2026, 12, 4, 20, 56, 13, 412424, tzinfo=UTC)
    claim = services.claim_update(
        claim=claim,
        user=editor,
        version=claim.version,
        fields={"rating": Rating.objects.get(slug="true")},
    )
    type(claim).objects.filter(pk=claim.pk).update(rated_at=rated)
    claim.refresh_from_db()
    services.claim_submit_for_review(claim=claim, user=editor)
    client.force_login(editor)

    page = client.get(reverse("admin:claims_claim_history", args=[claim.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    # Submitting set "submitted by" and "submitted at": no raw UTC time, no
    # "Deleted user (pk=None)" for the empty value before.
    assert "+00:00" not in html and "pk=None" not in html
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+", html)
    assert "editor-alice" in html
    submitted = timezone.localtime(type(claim).objects.get(pk=claim.pk).submitted_at)
    # Chinese, the admin's default language: 2026年12月5日 04:56 style.
    assert f"{submitted.year}年{submitted.month}月{submitted.day}日" in html
    assert "—" in html
