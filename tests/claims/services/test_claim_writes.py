"""Claim writes go through the services: what they may set, what they stamp,
whom the history names, and what they refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from claims import services
from claims.exceptions import FieldNotAllowed, StaleUpdate
from claims.models import (
    Appearance,
    Claim,
    EditorialState,
    Rating,
    RatingChange,
)
from claims.reasons import ChangeReason
from claims.services.appearances import appearance_create
from claims.services.evidence import evidence_create, evidence_update
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    SpeakerFactory,
    UserFactory,
)
from tests.helpers.claims import change_public_claim

pytestmark = pytest.mark.django_db


def draft_fields(**overrides) -> dict:
    fields = {
        "slug": "xiaomi-ai-team-1200",
        "text": "小米AI团队有超过1200人。",
        "speaker": SpeakerFactory(),
        "article": ArticleFactory(),
        "kind": "statistic",
    }
    return fields | overrides


# --- the allow-list ----------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value",
    [
        ("state", EditorialState.PUBLISHED),
        ("published_at", timezone.now()),
        ("submitted_at", timezone.now()),
        ("retracted_at", timezone.now()),
        ("rated_at", timezone.now() - timedelta(days=400)),
        ("version", 99),
    ],
)
def test_create_refuses_a_field_the_workflow_sets_and_writes_nothing(
    editor, field, value
):
    with pytest.raises(FieldNotAllowed) as refused:
        services.claim_create(user=editor, fields=draft_fields(**{field: value}))

    assert refused.value.fields == [field]
    assert field in str(refused.value)
    assert not Claim.objects.exists()


def test_create_refuses_submitted_by(editor):
    with pytest.raises(FieldNotAllowed, match="submitted_by"):
        services.claim_create(user=editor, fields=draft_fields(submitted_by=editor))
    assert not Claim.objects.exists()


def test_update_refuses_the_state_and_leaves_the_claim_as_it_was(editor):
    claim = ClaimFactory(text_en="kept")

    with pytest.raises(FieldNotAllowed) as refused:
        services.claim_update(
            claim=claim,
            user=editor,
            version=claim.version,
            fields={
                "text_en": "changed",
                "state": EditorialState.PUBLISHED,
                "published_at": timezone.now(),
            },
        )

    assert refused.value.fields == ["published_at", "state"]
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.state, stored.text_en, stored.published_at) == (
        EditorialState.DRAFT,
        "kept",
        None,
    )
    assert stored.version == claim.version
    assert not Claim.objects.public().exists()


def test_an_account_without_the_permission_can_neither_create_nor_edit(db):
    outsider = UserFactory(username="outsider")
    claim = ClaimFactory(text_en="kept")

    with pytest.raises(PermissionDenied):
        services.claim_create(user=outsider, fields=draft_fields())
    with pytest.raises(PermissionDenied):
        services.claim_update(
            claim=claim, user=outsider, version=claim.version, fields={"text_en": "x"}
        )

    assert Claim.objects.get().text_en == "kept"


# --- rated_at --------------------------------------------------------------------


def test_a_new_claim_with_a_rating_is_dated_and_one_without_is_not(editor):
    before = timezone.now()
    rated = services.claim_create(
        user=editor, fields=draft_fields(rating=Rating.objects.get(slug="true"))
    )
    unrated = services.claim_create(
        user=editor, fields=draft_fields(slug="unrated", article=ArticleFactory())
    )

    assert rated.rated_at >= before
    assert unrated.rated_at is None


def test_a_new_rating_dates_the_claim_and_other_edits_do_not(editor):
    long_ago = timezone.now() - timedelta(days=30)
    claim = ClaimFactory(rated_at=long_ago)

    claim = services.claim_update(
        claim=claim, user=editor, version=claim.version, fields={"text_en": "edited"}
    )
    assert claim.rated_at == long_ago

    claim = services.claim_update(
        claim=claim,
        user=editor,
        version=claim.version,
        fields={"rating": Rating.objects.get(slug="mostly-true")},
    )
    assert claim.rated_at > long_ago
    assert Claim.objects.get(pk=claim.pk).rated_at == claim.rated_at


def test_re_rating_a_published_claim_is_dated_and_on_the_public_record(
    editor, reviewer
):
    long_ago = timezone.now() - timedelta(days=30)
    claim = ClaimFactory(published=True, rated_at=long_ago)

    claim = change_public_claim(
        claim,
        author=editor,
        approver=reviewer,
        fields={"rating": Rating.objects.get(slug="mostly-true")},
        change_kind="correction",
        change_reason="The count includes contractors.",
    )

    assert claim.rated_at > long_ago
    change = RatingChange.objects.get()
    assert (change.from_rating.slug, change.to_rating.slug) == ("true", "mostly-true")
    assert (change.changed_by, change.changed_at) == (editor, claim.rated_at)
    assert change.reason == "The count includes contractors."


# --- history ---------------------------------------------------------------------


def test_the_history_names_who_created_and_changed_the_claim_and_why(
    editor, second_editor
):
    claim = services.claim_create(
        user=editor, fields=draft_fields(), reason=ChangeReason.CREATED_API
    )
    services.claim_update(
        claim=claim,
        user=second_editor,
        version=claim.version,
        fields={"text_en": "Xiaomi's AI team has over 1,200 people."},
        reason="Added the English rendering",
    )

    rows = list(
        claim.history.order_by("history_id").values_list(
            "history_user__username", "history_change_reason", "text_en"
        )
    )
    assert rows == [
        ("editor-alice", "Created through the API", ""),
        (
            "editor-bob",
            "Added the English rendering",
            "Xiaomi's AI team has over 1,200 people.",
        ),
    ]


# --- concurrency -----------------------------------------------------------------


def test_an_update_based_on_a_stale_version_is_refused_and_overwrites_nothing(
    editor, second_editor
):
    claim = ClaimFactory(text_en="original")
    read_version = claim.version
    services.claim_update(
        claim=claim, user=editor, version=read_version, fields={"text_en": "first"}
    )

    with pytest.raises(StaleUpdate) as stale:
        services.claim_update(
            claim=claim,
            user=second_editor,
            version=read_version,
            fields={"text_en": "second"},
        )

    stored = Claim.objects.get(pk=claim.pk)
    assert stored.text_en == "first"
    assert stale.value.current == {"version": stored.version}


# --- slugs -----------------------------------------------------------------------


def test_a_taken_slug_is_a_field_error_when_the_caller_chose_it(editor):
    ClaimFactory(slug="xiaomi-ai-team-1200")

    with pytest.raises(ValidationError) as error:
        services.claim_create(user=editor, fields=draft_fields())

    assert list(error.value.message_dict) == ["slug"]
    assert Claim.objects.count() == 1


def test_a_generated_slug_that_is_taken_gets_the_next_number(editor):
    ClaimFactory(slug="xiaomi-ai-team-1200")
    ClaimFactory(slug="xiaomi-ai-team-1200-2")

    claim = services.claim_create(user=editor, fields=draft_fields(), unique_slug=True)

    assert claim.slug == "xiaomi-ai-team-1200-3"
    assert Claim.objects.get(pk=claim.pk).text == "小米AI团队有超过1200人。"


def test_a_slug_another_request_takes_just_before_the_insert_gets_the_next_number(
    editor,
):
    """Two creates race for one slug: the other request's row lands after
    this create has validated the claim, right before its insert. The slug's
    unique index, not a look-up, decides: this claim takes the next number."""
    speaker, article = SpeakerFactory(), ArticleFactory()

    def rival() -> Claim:
        return Claim(
            slug="xiaomi-ai-team-1200",
            text="另一个请求的声明",
            speaker=speaker,
            article=article,
            kind="fact",
        )

    raced = []

    def other_request_commits_the_slug_first(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "claims_claim"') and not raced:
            raced.append("inserted")
            Claim.objects.bulk_create([rival()])
        result = execute(sql, params, many, context)
        if sql.startswith("ROLLBACK TO SAVEPOINT") and raced == ["inserted"]:
            # The other request committed its row: this request rolling back
            # its own failed insert does not take the slug back.
            raced.append("kept")
            Claim.objects.bulk_create([rival()])
        return result

    with connection.execute_wrapper(other_request_commits_the_slug_first):
        claim = services.claim_create(
            user=editor, fields=draft_fields(), unique_slug=True
        )

    assert raced == ["inserted", "kept"]
    assert claim.slug == "xiaomi-ai-team-1200-2"
    assert set(Claim.objects.values_list("slug", "text")) == {
        ("xiaomi-ai-team-1200", "另一个请求的声明"),
        ("xiaomi-ai-team-1200-2", "小米AI团队有超过1200人。"),
    }
    assert claim.history.get().history_user == editor


# --- the seed's trusted publish ------------------------------------------------------


def test_the_seed_publishes_without_a_reviewer_and_says_so_in_the_history():
    claim = services.claim_create(
        user=None,
        fields=draft_fields(rating=Rating.objects.get(slug="true")),
        reason=ChangeReason.SEEDED,
    )

    claim = services.claim_publish_seeded(claim=claim)

    assert Claim.objects.public().get() == claim
    assert claim.published_at and claim.last_reviewed_at
    assert claim.history.first().history_change_reason == "Loaded from seed data"


# --- evidence and appearances ------------------------------------------------------


def test_evidence_writes_cannot_set_the_link_health(editor):
    claim = ClaimFactory()
    with pytest.raises(FieldNotAllowed, match="health"):
        evidence_create(
            claim=claim, user=editor, fields={"title": "Report", "health": "ok"}
        )
    evidence = EvidenceFactory(claim=claim)
    with pytest.raises(FieldNotAllowed, match="http_status"):
        evidence_update(evidence=evidence, user=editor, fields={"http_status": 200})

    assert list(claim.evidence.values_list("health", "http_status")) == [
        ("unchecked", None)
    ]


def test_evidence_history_names_the_editor_and_a_stale_edit_is_refused(editor):
    evidence = evidence_create(
        claim=ClaimFactory(),
        user=editor,
        fields={"title": "Annual report", "url": "https://example.org/report"},
        reason=ChangeReason.ADDED_API,
    )
    read_at = evidence.updated_at
    evidence_update(
        evidence=evidence, user=editor, fields={"note": "p. 12"}, updated_at=read_at
    )

    with pytest.raises(StaleUpdate):
        evidence_update(
            evidence=evidence, user=editor, fields={"note": "p. 13"}, updated_at=read_at
        )

    evidence.refresh_from_db()
    assert evidence.note == "p. 12"
    first = evidence.history.order_by("history_id").first()
    assert (first.history_user, first.history_change_reason) == (
        editor,
        "Added through the API",
    )


def test_an_appearance_takes_its_article_position_and_quote_only(editor):
    claim = ClaimFactory()

    with pytest.raises(FieldNotAllowed, match="claim"):
        appearance_create(
            claim=claim,
            user=editor,
            fields={"article": ArticleFactory(), "claim": ClaimFactory()},
        )
    appearance = appearance_create(
        claim=claim, user=editor, fields={"article": ArticleFactory(), "quote": "原话"}
    )

    assert list(Appearance.objects.all()) == [appearance]
    assert appearance.claim == claim
