"""A change to a public claim waits for a second person: pending revisions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.exceptions import RevisionStale
from claims.models import (
    Claim,
    ClaimRevision,
    EditorialState,
    Evidence,
    EvidenceOperation,
    Rating,
    RatingChange,
    RevisionStatus,
)
from claims.services.evidence import evidence_create, evidence_update
from tests.factories import EvidenceFactory, TopicFactory, UserFactory
from tests.helpers.claims import propose

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NEW_TEXT = "小米AI团队超过3000人。"


def test_an_editors_change_to_a_published_claim_is_held(published_claim, editor):
    change = services.claim_change(
        claim=published_claim,
        user=editor,
        version=published_claim.version,
        fields={"text": NEW_TEXT},
    )

    assert change.revision is not None
    assert change.revision.status == RevisionStatus.PENDING
    assert change.revision.fields == {"text": NEW_TEXT}
    assert change.revision.previous == {"text": "小米AI团队超过1200人。"}
    stored = Claim.objects.get(pk=published_claim.pk)
    assert stored.text == "小米AI团队超过1200人。"
    assert stored.version == published_claim.version


def test_a_public_claim_cannot_be_written_around_the_revision(
    published_claim, editor, reviewer
):
    for user in (editor, reviewer):
        with pytest.raises(PermissionDenied, match="second reviewer"):
            services.claim_update(
                claim=published_claim,
                user=user,
                version=published_claim.version,
                fields={"text": NEW_TEXT},
            )
    with pytest.raises(PermissionDenied, match="second reviewer"):
        evidence_create(
            claim=published_claim, user=editor, fields={"title": "A new source"}
        )
    assert Claim.objects.get(pk=published_claim.pk).text != NEW_TEXT
    assert not Evidence.objects.exists()


def test_drafts_and_claims_in_review_change_at_once(submitted_claim, editor):
    change = services.claim_change(
        claim=submitted_claim,
        user=editor,
        version=submitted_claim.version,
        fields={"text": NEW_TEXT},
    )
    assert change.revision is None
    assert Claim.objects.get(pk=submitted_claim.pk).text == NEW_TEXT


def test_a_second_reviewer_approves_and_the_change_is_applied(
    published_claim, editor, reviewer
):
    revision = propose(
        published_claim,
        author=editor,
        fields={"rating": Rating.objects.get(slug="mostly-true"), "text": NEW_TEXT},
        change_kind="correction",
        change_reason="The count includes contractors.",
    )

    claim = services.revision_approve(revision=revision, user=reviewer, note="OK.")

    assert (claim.text, claim.rating.slug) == (NEW_TEXT, "mostly-true")
    change = RatingChange.objects.get()
    assert (change.kind, change.reason) == (
        "correction",
        "The count includes contractors.",
    )
    assert change.changed_by == editor  # who wrote it
    revision.refresh_from_db()
    assert (revision.status, revision.decided_by, revision.note) == (
        RevisionStatus.APPROVED,
        reviewer,
        "OK.",
    )
    history = claim.history.first()
    assert history.history_user == editor


def test_the_author_cannot_approve_their_own_revision(published_claim, reviewer):
    revision = propose(published_claim, author=reviewer, fields={"text": NEW_TEXT})

    with pytest.raises(PermissionDenied, match="another reviewer"):
        services.revision_approve(revision=revision, user=reviewer)

    assert Claim.objects.get(pk=published_claim.pk).text != NEW_TEXT
    assert ClaimRevision.objects.get().status == RevisionStatus.PENDING


def test_an_editor_cannot_approve_a_revision(published_claim, editor, second_editor):
    revision = propose(published_claim, author=editor, fields={"text": NEW_TEXT})
    with pytest.raises(PermissionDenied, match="Only reviewers"):
        services.revision_approve(revision=revision, user=second_editor)
    assert Claim.objects.get(pk=published_claim.pk).text != NEW_TEXT


def test_self_publishing_sites_let_a_reviewer_change_a_public_claim_at_once(
    settings, published_claim, editor, reviewer
):
    settings.ALLOW_SELF_PUBLISH = True
    change = services.claim_change(
        claim=published_claim,
        user=reviewer,
        version=published_claim.version,
        fields={"text": NEW_TEXT},
    )
    assert change.revision is None
    assert Claim.objects.get(pk=published_claim.pk).text == NEW_TEXT
    # An editor, who may not publish, is still held.
    editors = services.claim_change(
        claim=change.claim,
        user=editor,
        version=change.claim.version,
        fields={"text": "再改一次"},
    )
    assert editors.revision is not None


def test_a_stale_revision_is_refused_and_writes_nothing(
    published_claim, editor, second_editor, reviewer
):
    first = propose(published_claim, author=editor, fields={"text": NEW_TEXT})
    second = propose(
        published_claim,
        author=second_editor,
        fields={"quote": "我们的AI团队有三千人", "text": "另一个改法"},
    )
    services.revision_approve(revision=first, user=reviewer)

    with pytest.raises(RevisionStale) as refused:
        services.revision_approve(revision=second, user=reviewer)

    message = str(refused.value)
    assert f"Revision {second.pk} cannot be applied" in message
    assert "propose the change again" in message
    stored = Claim.objects.get(pk=published_claim.pk)
    assert (stored.text, stored.quote) == (NEW_TEXT, published_claim.quote)
    assert ClaimRevision.objects.get(pk=second.pk).status == RevisionStatus.PENDING


def test_a_revision_is_checked_when_proposed(published_claim, editor):
    with pytest.raises(ValidationError) as refused:
        propose(
            published_claim,
            author=editor,
            fields={"rating": Rating.objects.get(slug="mostly-true")},
        )
    assert {"change_kind", "change_reason"} <= set(refused.value.message_dict)
    assert not ClaimRevision.objects.exists()


def test_rejecting_needs_a_note_and_leaves_the_claim(published_claim, editor, reviewer):
    revision = propose(published_claim, author=editor, fields={"text": NEW_TEXT})
    with pytest.raises(ValidationError, match="tell the editor why"):
        services.revision_reject(revision=revision, user=reviewer, note=" ")
    services.revision_reject(revision=revision, user=reviewer, note="Source?")
    revision.refresh_from_db()
    assert (revision.status, revision.note) == (RevisionStatus.REJECTED, "Source?")
    with pytest.raises(ValidationError, match="already rejected"):
        services.revision_approve(revision=revision, user=reviewer)
    assert Claim.objects.get(pk=published_claim.pk).text != NEW_TEXT


def test_only_its_author_withdraws_a_revision(published_claim, editor, second_editor):
    revision = propose(published_claim, author=editor, fields={"text": NEW_TEXT})
    with pytest.raises(PermissionDenied):
        services.revision_withdraw(revision=revision, user=second_editor)
    services.revision_withdraw(revision=revision, user=editor)
    assert ClaimRevision.objects.get().status == RevisionStatus.WITHDRAWN


def test_evidence_added_to_a_published_claim_is_held_until_approved(
    published_claim, editor, reviewer
):
    revision = services.revision_propose(
        claim=published_claim,
        user=editor,
        version=published_claim.version,
        evidence_changes=[
            services.EvidenceChange(
                operation=EvidenceOperation.ADD,
                fields={"title": "小米2024年报", "url": "https://example.com/r"},
            )
        ],
    )
    assert not Evidence.objects.exists()

    services.revision_approve(revision=revision, user=reviewer)

    evidence = Evidence.objects.get()
    assert (evidence.claim, evidence.title) == (published_claim, "小米2024年报")


def test_evidence_added_is_not_stale_because_the_text_moved_on(
    published_claim, editor, second_editor, reviewer
):
    adds = services.revision_propose(
        claim=published_claim,
        user=editor,
        version=published_claim.version,
        evidence_changes=[
            services.EvidenceChange(
                operation=EvidenceOperation.ADD, fields={"title": "小米2024年报"}
            )
        ],
    )
    rewrite = propose(published_claim, author=second_editor, fields={"text": NEW_TEXT})
    services.revision_approve(revision=rewrite, user=reviewer)

    services.revision_approve(revision=adds, user=reviewer)

    assert Evidence.objects.get().title == "小米2024年报"


def test_evidence_changed_since_the_revision_is_refused(
    published_claim, editor, reviewer
):
    evidence = EvidenceFactory(claim=published_claim, title="Original")
    revision = services.revision_propose(
        claim=published_claim,
        user=editor,
        version=published_claim.version,
        evidence_changes=[
            services.EvidenceChange(
                operation=EvidenceOperation.CHANGE,
                evidence=evidence,
                fields={"title": "Edited"},
                seen_updated_at=evidence.updated_at,
            )
        ],
    )
    # Someone else's approved change to the same evidence comes first.
    other = services.revision_propose(
        claim=published_claim,
        user=UserFactory(group="Editors"),
        version=published_claim.version,
        evidence_changes=[
            services.EvidenceChange(
                operation=EvidenceOperation.CHANGE,
                evidence=evidence,
                fields={"note": "Checked again."},
            )
        ],
    )
    services.revision_approve(revision=other, user=reviewer)

    with pytest.raises(RevisionStale, match="“Original” was changed since"):
        services.revision_approve(revision=revision, user=reviewer)
    assert Evidence.objects.get().title == "Original"


def test_removing_evidence_of_a_public_claim_is_held(
    published_claim, editor, reviewer, second_reviewer
):
    evidence = EvidenceFactory(claim=published_claim, title="Gone soon")
    removal = services.EvidenceChange(
        operation=EvidenceOperation.REMOVE, evidence=evidence
    )
    # Editors may not remove evidence, not even by proposing it.
    with pytest.raises(PermissionDenied, match="may not remove evidence"):
        services.revision_propose(
            claim=published_claim,
            user=editor,
            version=published_claim.version,
            evidence_changes=[removal],
        )
    revision = services.revision_propose(
        claim=published_claim,
        user=second_reviewer,
        version=published_claim.version,
        evidence_changes=[
            services.EvidenceChange(
                operation=EvidenceOperation.REMOVE,
                evidence=evidence,
                seen_updated_at=evidence.updated_at,
            )
        ],
    )
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    services.revision_approve(revision=revision, user=reviewer)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_retracted_claims_reason_is_held_but_a_published_ones_is_not(
    published_claim, editor, reviewer
):
    # Readers do not see a published claim's retraction reason: the retract
    # action reads it, so it is written at once.
    change = services.claim_change(
        claim=published_claim,
        user=reviewer,
        version=published_claim.version,
        fields={"retraction_reason": "Misattributed."},
    )
    assert change.revision is None
    claim = services.claim_retract(
        claim=change.claim, user=reviewer, reason="Misattributed."
    )
    assert claim.state == EditorialState.RETRACTED

    held = services.claim_change(
        claim=claim,
        user=editor,
        version=claim.version,
        fields={"retraction_reason": "Quote was from another speaker."},
    )
    assert held.revision is not None
    assert Claim.objects.get(pk=claim.pk).retraction_reason == "Misattributed."


def test_the_approved_change_invalidates_the_public_pages(
    published_claim, editor, reviewer
):
    from claims.caching.versions import LISTS, claim_version, versions_read

    shown = (claim_version(published_claim.pk), LISTS)
    revision = propose(published_claim, author=editor, fields={"text": NEW_TEXT})
    before = versions_read(shown)
    services.revision_approve(revision=revision, user=reviewer)
    after = versions_read(shown)
    assert all(after.tokens[name] != before.tokens[name] for name in shown)


def test_unchanged_values_make_no_revision(published_claim, editor):
    assert (
        services.revision_propose(
            claim=published_claim,
            user=editor,
            version=published_claim.version,
            fields={"text": published_claim.text},
        )
        is None
    )


def test_evidence_of_a_draft_changes_at_once(submitted_claim, editor):
    evidence = evidence_create(
        claim=submitted_claim, user=editor, fields={"title": "A"}
    )
    evidence_update(evidence=evidence, user=editor, fields={"title": "B"})
    assert Evidence.objects.get().title == "B"


def test_a_topic_change_is_held_and_applied(published_claim, editor, reviewer):
    topic = TopicFactory()
    revision = services.revision_propose(
        claim=published_claim,
        user=editor,
        version=published_claim.version,
        topics=[topic],
    )
    assert revision.topics == [topic.pk]
    assert not published_claim.topics.exists()

    services.revision_approve(revision=revision, user=reviewer)

    assert list(published_claim.topics.all()) == [topic]
