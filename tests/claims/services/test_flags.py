"""Flags: one open flag per reason, resolved with a note (and a new date for
an extended deadline), and the daily digest of open flags."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from claims import services
from claims.models import FlagReason, FlagResolution
from claims.services.flags import flag_raise, flag_resolve
from claims.services.notifications import flag_digest_send
from claims.services.scans import claims_deadline_scan
from tests.factories import ClaimFactory, UserFactory, rating_for

pytestmark = pytest.mark.django_db


def test_flag_raise_returns_none_for_a_duplicate_open_flag():
    claim = ClaimFactory()
    assert flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="a")
    assert flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="b") is None


def test_resolving_needs_a_note_and_a_date_for_extensions(editor):
    claim = ClaimFactory(due_h1_2024=True, published=True)
    claims_deadline_scan(raised_by="tests")
    with pytest.raises(ValidationError, match="note"):
        flag_resolve(
            flags=claim.flags.all(),
            resolution=FlagResolution.DISMISSED,
            user=editor,
            note="  ",
        )
    with pytest.raises(ValidationError, match="new_due_end"):
        flag_resolve(
            flags=claim.flags.all(),
            resolution=FlagResolution.DEADLINE_EXTENDED,
            user=editor,
            note="moved",
        )
    assert claim.flags.open().count() == 1


def test_a_resolved_flag_keeps_who_when_and_the_note(editor):
    claim = ClaimFactory(due_h1_2024=True, published=True)
    claims_deadline_scan(raised_by="tests")
    # "Re-rated" needs a new rating since the flag was raised.
    claim.refresh_from_db()
    services.claim_update(
        claim=claim,
        user=None,
        version=claim.version,
        fields={"rating": rating_for(claim.kind, "stalled")},
        change_kind="update",
        change_reason="No production line yet.",
    )
    assert (
        flag_resolve(
            flags=claim.flags.all(),
            resolution=FlagResolution.RE_RATED,
            user=editor,
            note="Rated broken.",
        )
        == 1
    )
    flag = claim.flags.get()
    assert (flag.resolution, flag.resolved_by, flag.resolution_note) == (
        FlagResolution.RE_RATED,
        editor,
        "Rated broken.",
    )
    assert flag.resolved_at is not None
    # Resolving again changes nothing.
    assert (
        flag_resolve(
            flags=[flag], resolution=FlagResolution.DISMISSED, user=editor, note="x"
        )
        == 0
    )


def test_the_digest_mails_each_editor_and_reviewer_with_an_address():
    UserFactory(username="ed1", email="ed1@example.org", group="Editors")
    UserFactory(username="ed2", email="ed2@example.org", group="Editors")
    UserFactory(username="ed3", email="", group="Editors")
    UserFactory(username="rev", email="rev@example.org", group="Reviewers")
    assert flag_digest_send() == 0  # nothing open: no mail
    flag_raise(
        claim=ClaimFactory(),
        reason=FlagReason.MANUAL,
        raised_by="ed1",
        detail={"summary": "Quote needs a source."},
    )
    assert flag_digest_send() == 3
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ed1@example.org",
        "ed2@example.org",
        "rev@example.org",
    ]
    assert "Quote needs a source." in mail.outbox[0].body


def test_the_digest_names_the_claim_in_the_editors_language():
    """Editors read the site's default language, Chinese: the claim as made,
    not its English rendering; a claim with no Chinese is marked original."""
    UserFactory(username="ed1", email="ed1@example.org", group="Editors")
    chinese = ClaimFactory(text="小米AI团队超过1200人。", text_en="Over 1,200 people.")
    english = ClaimFactory(text="Sales doubled.", text_en="", language="en")
    for claim in (chinese, english):
        flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="ed1")
    assert flag_digest_send() == 1
    [message] = mail.outbox
    assert "小米AI团队超过1200人。" in message.body
    assert "Over 1,200 people." not in message.body
    assert "Sales doubled. [原文, en]" in message.body
    assert message.subject.startswith("复核队列")
