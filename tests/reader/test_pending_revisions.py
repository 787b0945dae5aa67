"""Readers see a public claim as it was approved: an editor's change reaches
the page, the feeds, the API and the ClaimReview markup only once a second
person approves it, and then on the very next request."""

from __future__ import annotations

import pytest
from django.contrib.admin import helpers
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import ClaimRevision, LinkHealth, Rating
from claims.services.evidence_checks import evidence_check
from claims.services.revisions import revision_approve
from claims.services.scans import claims_deadline_scan
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.admin import change_url, claim_form
from tests.helpers.api import token_client
from tests.helpers.pages import json_ld, url_in
from tests.helpers.servers import Page, html

pytestmark = pytest.mark.django_db

OLD_TEXT = "小米AI团队超过1200人。"
NEW_TEXT = "小米AI团队超过3000人。"
NEW_REASON = "The 2024 report counts contractors."


def reader_views(client, claim) -> dict[str, str]:
    """What an anonymous reader gets from each place the claim appears."""
    api = APIClient()
    page = client.get(url_in("zh-hans", "claims:detail", slug=claim.slug))
    return {
        "page": page.content.decode(),
        "json-ld": " ".join(json_ld(page)),
        "feed": client.get(url_in("en", "claims:feed")).content.decode()
        + client.get(
            url_in("en", "claims:claim-feed", slug=claim.slug)
        ).content.decode(),
        "list": client.get(url_in("zh-hans", "claims:list")).content.decode(),
        "api": api.get(
            reverse("api:claim-detail", kwargs={"slug": claim.slug})
        ).content.decode(),
        "api-list": api.get(reverse("api:claim-list")).content.decode(),
        "claimreview": b"".join(
            api.get(reverse("api:claimreview-list")).streaming_content
        ).decode(),
        "csv": b"".join(
            api.get(reverse("api:claim-list"), {"format": "csv"}).streaming_content
        ).decode(),
    }


def test_an_editors_api_change_waits_for_a_second_person(
    client, published_claim, editor, reviewer
):
    before = reader_views(client, published_claim)  # and stored in the caches
    assert all(OLD_TEXT in text for name, text in before.items() if name != "feed")

    response = token_client(editor).patch(
        reverse("api:claim-detail", kwargs={"slug": published_claim.slug}),
        {
            "version": published_claim.version,
            "text": NEW_TEXT,
            "rating": "mostly-true",
            "change_kind": "correction",
            "change_reason": NEW_REASON,
        },
        format="json",
    )
    assert response.status_code == 202, response.content
    revision = response.json()
    assert revision["status"] == "pending"

    held = reader_views(client, published_claim)
    for name, text in held.items():
        assert NEW_TEXT not in text, name
        assert NEW_REASON not in text, name
    assert OLD_TEXT in held["page"] and OLD_TEXT in held["json-ld"]

    # The author may not approve it; a second person does.
    approve = reverse("api:revision-approve", kwargs={"pk": revision["id"]})
    assert token_client(editor).post(approve, {}, format="json").status_code == 403
    assert token_client(reviewer).post(approve, {}, format="json").status_code == 200

    after = reader_views(client, published_claim)
    for name in ("page", "json-ld", "list", "api", "api-list", "claimreview", "csv"):
        assert NEW_TEXT in after[name], name
    assert NEW_REASON in after["feed"]
    assert "基本属实" in after["json-ld"]  # the new rating, in the page's language


def test_evidence_added_to_a_published_claim_waits_too(
    client, published_claim, editor, reviewer
):
    page_url = url_in("en", "claims:detail", slug=published_claim.slug)
    client.get(page_url)
    response = token_client(editor).post(
        reverse("api:evidence-create", kwargs={"slug": published_claim.slug}),
        {"title": "小米2024年报", "url": "https://example.com/report"},
        format="json",
    )
    assert response.status_code == 202, response.content
    assert "小米2024年报" not in client.get(page_url).content.decode()

    token_client(reviewer).post(
        reverse("api:revision-approve", kwargs={"pk": response.json()["id"]}),
        {},
        format="json",
    )
    assert "小米2024年报" in client.get(page_url).content.decode()


def test_a_background_check_still_updates_link_health_at_once(
    client, published_claim, fetch_allowed
):
    fetch_allowed.pages["/report"] = Page(body=html("小米AI团队超过1200人。"))
    evidence = EvidenceFactory(
        claim=published_claim, url=fetch_allowed.url("/report"), title="年报"
    )
    page_url = url_in("en", "claims:detail", slug=published_claim.slug)
    assert "Link: working" not in client.get(page_url).content.decode()

    evidence_check(evidence=evidence, raised_by="tests")

    evidence.refresh_from_db()
    assert evidence.health == LinkHealth.OK
    assert not published_claim.revisions.exists()
    assert "Link: working" in client.get(page_url).content.decode()


def test_an_editors_admin_re_rating_waits_for_a_second_person(
    client, published_claim, editor, reviewer
):
    reader_views(client, published_claim)  # stored in the caches
    admin = Client(HTTP_ACCEPT_LANGUAGE="en")
    admin.force_login(editor)
    data = claim_form(admin, published_claim)
    data.update(
        {
            "text": NEW_TEXT,
            "rating": str(Rating.objects.get(slug="mostly-true").pk),
            "change_kind": "correction",
            "change_reason": NEW_REASON,
        }
    )
    saved = admin.post(change_url(published_claim), data, follow=True)
    assert "Your change waits for a second reviewer" in saved.content.decode()

    for name, text in reader_views(client, published_claim).items():
        assert NEW_TEXT not in text, name
        assert NEW_REASON not in text, name

    revision = ClaimRevision.objects.get()
    second = Client(HTTP_ACCEPT_LANGUAGE="en")
    second.force_login(reviewer)
    second.post(reverse("admin:claims_claimrevision_approve", args=[revision.pk]))

    after = reader_views(client, published_claim)
    for name in ("page", "json-ld", "api", "claimreview", "csv"):
        assert NEW_TEXT in after[name], name
    assert NEW_REASON in after["feed"] and "基本属实" in after["json-ld"]


def test_a_deadline_extended_in_the_review_queue_waits_too(client, editor, reviewer):
    claim = ClaimFactory(due_h1_2024=True, published=True)
    claims_deadline_scan(raised_by="tests")
    page_url = url_in("en", "claims:detail", slug=claim.slug)
    assert "2027" not in client.get(page_url).content.decode()
    admin = Client()
    admin.force_login(editor)
    admin.post(
        reverse("admin:claims_flag_changelist"),
        {
            "action": "resolve_flags",
            helpers.ACTION_CHECKBOX_NAME: [flag.pk for flag in claim.flags.all()],
            "apply": "1",
            "resolution": "deadline_extended",
            "note": "Moved to the end of 2027 in a new interview.",
            "new_due_end": "2027-12-31",
        },
    )
    assert "2027" not in client.get(page_url).content.decode()

    revision = ClaimRevision.objects.get(claim=claim)
    revision_approve(revision=revision, user=reviewer)

    assert "2027" in client.get(page_url).content.decode()
