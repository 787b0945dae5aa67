"""A change to a published claim in a real browser: held for a second
reviewer, previewed, approved with the button on the claim's form."""

from __future__ import annotations

import pytest
from django.utils import translation

from claims.models import Claim, ClaimRevision, RevisionStatus
from tests.e2e.test_admin_browser import Recorder, log_in
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.browser

OLD_TEXT = "小米AI团队超过1200人。"
NEW_TEXT = "小米AI团队超过3000人。"


def test_a_change_waits_for_the_second_reviewer_and_is_approved_in_the_form(
    migration_data, live_server, browser
):
    from playwright.sync_api import expect

    UserFactory(username="editor-in-browser", group="Editors")
    UserFactory(username="reviewer-in-browser", group="Reviewers")
    claim = ClaimFactory(published=True, text=OLD_TEXT, slug="ai-team")
    base = live_server.url
    with translation.override("en"):
        public_url = base + claim.get_absolute_url()

    # The editor rewrites the published claim.
    context = browser.new_context(locale="en-GB")
    recorder = Recorder(context)
    page = context.new_page()
    log_in(page, base, "editor-in-browser")
    page.goto(base + f"/admin/claims/claim/{claim.pk}/change/")
    page.fill("#id_text", NEW_TEXT)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text(
        "Your change waits for a second reviewer"
    )
    expect(page.locator(".pending-revision ins")).to_contain_text(NEW_TEXT)
    # Its preview shows the change; readers do not see it.
    page.click("text=Preview as readers would see it")
    expect(page.locator("h1")).to_have_text(NEW_TEXT)
    expect(page.locator(".notice-preview")).to_contain_text("not published")
    page.goto(public_url)
    expect(page.locator("h1")).to_have_text(OLD_TEXT)
    assert recorder.violations(page) == []
    context.close()

    # A reviewer approves it on the claim's form.
    context = browser.new_context(locale="en-GB")
    reviewer = Recorder(context)
    page = context.new_page()
    log_in(page, base, "reviewer-in-browser")
    page.goto(base + f"/admin/claims/claim/{claim.pk}/change/")
    page.fill(".pending-revision textarea", "Checked against the 2024 report.")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messagelist")).to_contain_text("approved: readers see it")
    revision = ClaimRevision.objects.get()
    assert revision.status == RevisionStatus.APPROVED
    assert revision.note == "Checked against the 2024 report."
    page.goto(public_url)
    expect(page.locator("h1")).to_have_text(NEW_TEXT)
    assert Claim.objects.get(pk=claim.pk).text == NEW_TEXT
    assert reviewer.violations(page) == []
    assert recorder.dialogs == reviewer.dialogs == []
    context.close()
