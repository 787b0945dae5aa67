"""refresh_claims on the seed data: scans and checks, nothing new twice."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims.models import Claim, Evidence, EvidenceSnapshot, Flag, FlagReason, Rating
from tests.helpers.servers import Page, html

pytestmark = pytest.mark.django_db


def refresh(*args) -> dict[str, int]:
    out = StringIO()
    call_command("refresh_claims", *args, stdout=out)
    text = out.getvalue()
    counts = {
        "past_deadline": int(re.search(r"(\d+) past their deadline", text)[1]),
        "flags": int(re.search(r"flags raised: (\d+)", text)[1]),
        "checked": int(re.search(r"evidence checked: (\d+)", text)[1]),
    }
    return counts


def test_refresh_claims_on_the_seed_data_raises_nothing_new_the_second_time():
    call_command("load_seed", stdout=None)
    # One seed prediction still "in progress" after its deadline.
    claim = Claim.objects.get(slug="xiaomi-car-mass-production-h1-2024")
    Claim.objects.filter(pk=claim.pk).update(
        rating=Rating.objects.get(slug="in-progress")
    )
    first = refresh("--no-fetch")
    # The seed claims were last reviewed when the research was done: most
    # are overdue for review by now, besides the one deadline.
    seeded = Claim.objects.filter(next_review_at__lt=timezone.now()).count()
    assert seeded > 30
    assert first == {"past_deadline": 1, "flags": 1 + seeded, "checked": 0}
    second = refresh("--no-fetch")
    assert second == {"past_deadline": 1, "flags": 0, "checked": 0}
    assert Flag.objects.filter(reason=FlagReason.DEADLINE_PASSED).count() == 1
    assert Flag.objects.filter(reason=FlagReason.REVIEW_OVERDUE).count() == seeded


def test_refresh_claims_checks_due_evidence_once(fetch_allowed):
    """The seed's links point at the internet: here they point at a test server."""
    call_command("load_seed", stdout=None)
    for evidence in Evidence.objects.exclude(url=""):
        fetch_allowed.pages[f"/e{evidence.pk}"] = Page(body=html(evidence.title))
        Evidence.objects.filter(pk=evidence.pk).update(
            url=fetch_allowed.url(f"/e{evidence.pk}")
        )
    with_url = Evidence.objects.exclude(url="").count()
    # The only flags: the seed claims overdue for review (see above).
    seeded = Claim.objects.filter(next_review_at__lt=timezone.now()).count()
    assert refresh() == {"past_deadline": 0, "flags": seeded, "checked": with_url}
    assert EvidenceSnapshot.objects.count() == with_url
    assert refresh() == {"past_deadline": 0, "flags": 0, "checked": 0}
    assert not Flag.objects.exclude(reason=FlagReason.REVIEW_OVERDUE).exists()
