"""The review workflow's buttons on the claim form, in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from claims import services
from claims.models import Claim, EditorialState
from tests.e2e.test_admin_browser import Recorder, log_in
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_a_reviewer_retracts_a_claim_from_its_form_with_the_reason(
    migration_data, live_server, browser
):
    from playwright.sync_api import expect

    editor = UserFactory(username="form-editor", group="Editors")
    reviewer = UserFactory(username="form-reviewer", group="Reviewers")
    claim = services.claim_publish(
        claim=services.claim_submit_for_review(
            claim=ClaimFactory(
                state=EditorialState.DRAFT, text="小米AI团队超过1200人。"
            ),
            user=editor,
        ),
        user=reviewer,
    )
    base = live_server.url
    context = browser.new_context(locale="zh-CN")
    recorder = Recorder(context)
    page = context.new_page()
    log_in(page, base, "form-reviewer")
    page.goto(f"{base}/admin/claims/claim/{claim.pk}/change/")

    # Only the step a published claim allows is offered.
    expect(page.locator("button[name=_workflow]")).to_have_count(1)
    page.fill("#id_workflow_note", "引语出处有误：原话出自另一场发布会。")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".workflow-box").screenshot(path=ARTIFACTS / "claim-form-workflow.png")
    page.get_by_role("button", name="撤回").click()

    expect(page.locator(".messagelist")).to_contain_text("声明已撤回")
    assert page.url == f"{base}/admin/claims/claim/{claim.pk}/change/"
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.state == EditorialState.RETRACTED
    assert stored.retraction_reason == "引语出处有误：原话出自另一场发布会。"
    expect(page.locator("button[name=_workflow]")).to_have_count(0)
    assert recorder.violations(page) == []

    # Readers see the reason on the claim's page.
    with translation.override("zh-hans"):
        page.goto(base + stored.get_absolute_url())
    expect(page.locator("body")).to_contain_text("引语出处有误：原话出自另一场发布会。")
    context.close()
