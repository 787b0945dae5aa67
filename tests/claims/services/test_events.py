"""Public events: what a follower is told, recorded with the change itself,
only for what readers can see, and handed to each consumer once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import (
    EditorialState,
    FlagReason,
    PublicEvent,
    PublicEventKind,
    Rating,
    RatingChangeKind,
)
from claims.services.appearances import appearance_create
from claims.services.claims import claim_publish, claim_retract
from claims.services.events import event_dispatch, events_undispatched
from claims.services.flags import flag_raise
from claims.services.scans import claims_deadline_scan
from tests.factories import ArticleFactory, ClaimFactory
from tests.helpers.claims import rerate

pytestmark = pytest.mark.django_db

handed: list[tuple[str, int]] = []


def record_consumer(event: PublicEvent) -> None:
    handed.append((event.kind, event.claim_id))


def failing_consumer(event: PublicEvent) -> None:
    raise RuntimeError("consumer down")


@pytest.fixture
def consumers(settings):
    handed.clear()
    settings.PUBLIC_EVENT_CONSUMERS = [f"{__name__}.record_consumer"]
    return handed


def kinds(claim) -> list[str]:
    return list(claim.public_events.values_list("kind", flat=True))


def test_a_public_re_rating_is_one_event_naming_its_rating_change():
    claim = ClaimFactory(published=True)
    rerate(
        claim,
        Rating.objects.get(slug="mostly-true"),
        kind=RatingChangeKind.CORRECTION,
        reason="新证据。",
    )
    event = claim.public_events.get()
    assert event.kind == PublicEventKind.RATING_CHANGED
    change = claim.rating_changes.get()
    assert event.data == {"rating_change": change.pk}


def test_changes_to_drafts_tell_nobody():
    claim = ClaimFactory(state=EditorialState.DRAFT)
    rerate(claim, Rating.objects.get(slug="mostly-true"), kind="", reason="")
    flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="tests")
    appearance_create(claim=claim, user=None, fields={"article": ArticleFactory()})
    assert not PublicEvent.objects.exists()


def test_publishing_the_first_time_and_retracting_are_events(reviewer):
    claim = ClaimFactory(state=EditorialState.IN_REVIEW)
    claim_publish(claim=claim, user=reviewer)
    claim_retract(claim=claim, user=reviewer, reason="来源被撤回。")
    assert kinds(claim) == [PublicEventKind.PUBLISHED, PublicEventKind.RETRACTED]


def test_a_claim_goes_under_review_once_however_many_flags_open():
    claim = ClaimFactory(published=True)
    first = flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="tests")
    flag_raise(claim=claim, reason=FlagReason.REVIEW_OVERDUE, raised_by="tests")
    event = claim.public_events.get()
    assert (event.kind, event.data) == (
        PublicEventKind.UNDER_REVIEW,
        {"flag": first.pk},
    )


def test_a_repeat_in_another_article_is_an_event():
    claim = ClaimFactory(published=True)
    appearance = appearance_create(
        claim=claim, user=None, fields={"article": ArticleFactory()}
    )
    event = claim.public_events.get()
    assert event.data == {"appearance": appearance.pk}


def test_the_deadline_scan_records_an_event_per_public_claim_it_flags():
    public = ClaimFactory(due_h1_2024=True, published=True)
    in_review = ClaimFactory(due_h1_2024=True, state=EditorialState.IN_REVIEW)
    assert claims_deadline_scan(raised_by="tests").flagged == 2
    event = PublicEvent.objects.get()
    assert (event.kind, event.claim_id) == (PublicEventKind.DEADLINE_PASSED, public.pk)
    assert event.data == {"flag": public.flags.get().pk}
    assert not in_review.public_events.exists()


def test_an_event_is_handed_to_each_consumer_once(consumers):
    claim = ClaimFactory(published=True)
    event = flag_event(claim)
    assert event_dispatch(event.pk) is True
    assert event_dispatch(event.pk) is False
    assert consumers == [(PublicEventKind.UNDER_REVIEW, claim.pk)]
    event.refresh_from_db()
    assert event.dispatched_at is not None


def test_a_failing_consumer_leaves_the_event_for_the_sweep(settings):
    settings.PUBLIC_EVENT_CONSUMERS = [f"{__name__}.failing_consumer"]
    claim = ClaimFactory(published=True)
    event = flag_event(claim)
    with pytest.raises(RuntimeError):
        event_dispatch(event.pk)
    event.refresh_from_db()
    assert event.dispatched_at is None
    later = timezone.now() + timedelta(minutes=5)
    assert list(events_undispatched(later)) == [event]


def flag_event(claim) -> PublicEvent:
    flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="tests")
    return claim.public_events.get()
