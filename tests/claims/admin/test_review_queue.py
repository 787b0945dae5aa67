"""The admin review queue: open flags with why, filters, bulk resolution."""

from datetime import timedelta

import pytest
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import timezone

from claims.models import (
    Claim,
    Flag,
    FlagReason,
    FlagResolution,
)
from claims.services.revisions import revision_approve
from claims.services.scans import claims_deadline_scan
from tests.factories import ClaimFactory, EvidenceFactory, FlagFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:claims_flag_changelist")


def overdue_prediction(**overrides) -> Claim:
    return ClaimFactory(due_h1_2024=True, published=True, **overrides)


def test_the_queue_lists_open_flags_with_why_and_who(client, editor):
    claim = overdue_prediction(text="小米汽车2024年上半年量产")
    claims_deadline_scan(raised_by="claims.tasks.deadline_scan")
    FlagFactory(
        claim=ClaimFactory(),
        resolved_at=timezone.now(),
        resolution=FlagResolution.DISMISSED,
        detail={"summary": "an old, settled flag"},
    )
    client.force_login(editor)
    page = client.get(QUEUE).content.decode()
    assert claim.text in page
    assert "Deadline passed on 2024-06-30 (2024年上半年)" in page
    assert "claims.tasks.deadline_scan" in page
    assert "an old, settled flag" not in page
    assert (
        "an old, settled flag" in client.get(QUEUE, {"status": "all"}).content.decode()
    )


def test_the_queue_filters_by_reason_age_and_speaker(client, editor):
    lei = SpeakerFactory(name="雷军")
    old = FlagFactory(
        claim=ClaimFactory(speaker=lei),
        reason=FlagReason.REVIEW_OVERDUE,
        raised_at=timezone.now() - timedelta(days=40),
        detail={"summary": "old review"},
    )
    FlagFactory(claim=ClaimFactory(), detail={"summary": "fresh manual"})
    client.force_login(editor)

    def shown(**params) -> set[str]:
        page = client.get(QUEUE, params).content.decode()
        return {s for s in ("old review", "fresh manual") if s in page}

    assert shown(reason=FlagReason.REVIEW_OVERDUE) == {"old review"}
    assert shown(age="older30") == {"old review"}
    assert shown(age="1") == {"fresh manual"}
    assert shown(claim__speaker__id__exact=lei.pk) == {"old review"}
    assert old.pk


def test_a_changed_evidence_flag_shows_the_words_that_changed(client, editor):
    evidence = EvidenceFactory(title="新华社：小米正式发布")
    flag = FlagFactory(
        claim=evidence.claim,
        evidence=evidence,
        reason=FlagReason.EVIDENCE_CHANGED,
        detail={
            "summary": "Evidence changed.",
            "diff": "@@ -1 +1 @@\n-小米汽车上半年量产\n+小米汽车下半年量产",
        },
    )
    client.force_login(editor)
    page = client.get(QUEUE).content.decode()
    assert (
        "<span>小米汽车</span><del>上半年</del><ins>下半年</ins><span>量产</span>"
        in page
    )
    # The reason opens the flag; the claim is a separate link to the claim.
    flag_link = reverse("admin:claims_flag_change", args=[flag.pk])
    claim_link = reverse("admin:claims_claim_change", args=[flag.claim_id])
    assert f'<a href="{flag_link}">证据变更</a>' in page
    assert f'<a href="{claim_link}">' in page
    flag_page = client.get(flag_link).content.decode()
    assert "<del>上半年</del><ins>下半年</ins>" in flag_page


def resolve(client, flags, **form):
    return client.post(
        QUEUE,
        {
            "action": "resolve_flags",
            helpers.ACTION_CHECKBOX_NAME: [flag.pk for flag in flags],
            **form,
        },
    )


def test_bulk_resolution_asks_for_a_note_first(client, editor):
    overdue_prediction()
    overdue_prediction()
    claims_deadline_scan(raised_by="tests")
    flags = list(Flag.objects.all())
    client.force_login(editor)

    form_page = resolve(client, flags)
    assert form_page.status_code == 200
    assert "将处理 2 条未处理提醒" in form_page.content.decode()

    missing_note = resolve(client, flags, apply="1", resolution="dismissed", note="")
    assert missing_note.status_code == 200
    assert Flag.objects.open().count() == 2

    done = resolve(
        client, flags, apply="1", resolution="dismissed", note="Both targets vague."
    )
    assert done.status_code == 302
    assert not Flag.objects.open().exists()
    assert set(Flag.objects.values_list("resolution_note", flat=True)) == {
        "Both targets vague."
    }
    assert set(Flag.objects.values_list("resolved_by", flat=True)) == {editor.pk}


def test_extending_a_deadline_asks_for_the_new_date(client, editor, reviewer):
    claim = overdue_prediction()
    claims_deadline_scan(raised_by="tests")
    flags = list(claim.flags.all())
    client.force_login(editor)
    no_date = resolve(
        client, flags, apply="1", resolution="deadline_extended", note="Moved."
    )
    assert "请填写新期限" in no_date.content.decode()
    new_end = timezone.localdate() + timedelta(days=90)
    done = resolve(
        client,
        flags,
        apply="1",
        resolution="deadline_extended",
        note="Moved to the end of the year in a new interview.",
        new_due_end=new_end.isoformat(),
    )
    assert done.status_code == 302
    # The claim is public: the new deadline waits for a second person.
    told = client.get(done.url).content.decode()
    assert "1 条已公开声明的新期限须经另一位审核人批准" in told
    claim.refresh_from_db()
    assert claim.due_end != new_end
    revision = claim.revisions.get()
    assert revision.fields["due_end"] == new_end.isoformat()
    revision_approve(revision=revision, user=reviewer)
    claim.refresh_from_db()
    assert claim.due_end == new_end
