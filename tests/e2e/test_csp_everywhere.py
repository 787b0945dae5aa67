"""No page the project serves breaks its content security policy: the
reader's pages, the admin (index, change list, change form, history, the
intake page) and the API docs, visited in Chromium that records every
``securitypolicyviolation`` event from the first moment of each page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from claims import services
from intake.services import intake_create
from tests.factories import ClaimFactory, EvidenceFactory, FlagFactory, UserFactory

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    location.pathname + ": " + event.violatedDirective + " " + event.blockedURI
  );
});
"""

ARTICLE = (
    "小米集团今天发布公告。雷军表示，小米汽车将于2024年上半年实现量产，"
    "今年研发投入将超过200亿元。公司的AI团队已经超过1200人。\n"
) * 3


def admin_pages(claim, evidence, intake) -> list[str]:
    return [
        reverse("admin:index"),
        reverse("admin:claims_claim_changelist"),
        reverse("admin:claims_claim_change", args=[claim.pk]),
        reverse("admin:claims_claim_history", args=[claim.pk]),
        reverse(
            "admin:claims_claim_simple_history",
            args=[claim.pk, claim.history.earliest().history_id],
        ),
        reverse("admin:claims_evidence_history", args=[evidence.pk]),
        reverse("admin:claims_flag_changelist"),
        reverse("admin:intake_articleintake_add"),
        reverse("admin:intake_articleintake_change", args=[intake.pk]),
    ]


def reader_pages(claim) -> list[str]:
    pages = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            pages += [
                reverse("claims:home"),
                reverse("claims:list"),
                reverse("claims:list") + "?q=小米",
                claim.get_absolute_url(),
                claim.article.get_absolute_url(),
                claim.speaker.get_absolute_url(),
                reverse("claims:corrections"),
            ]
    return pages + ["/zh-hans/no-such-page/"]


def test_no_page_breaks_the_content_security_policy(
    migration_data, live_server, browser
):
    UserFactory(
        username="csp-root", group="Reviewers", is_superuser=True, is_staff=True
    )
    claim = ClaimFactory(published=True, text="小米AI团队超过1200人。")
    # Without an account, as the seed writes (an editor's change to a public
    # claim waits for a second person): the point is a history entry.
    services.claim_update(
        claim=claim,
        user=None,
        fields={"rating_explanation": "招聘页面与年报一致。"},
        version=claim.version,
    )
    evidence = EvidenceFactory(claim=claim)
    FlagFactory(claim=claim)
    intake, _created = intake_create(text=ARTICLE, written_on=date(2024, 1, 5))
    assert intake.candidates.exists()

    context = browser.new_context(locale="en-GB")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    violations: list[str] = []
    visited = 0

    def visit(path: str) -> None:
        nonlocal visited
        response = page.goto(live_server.url + path)
        assert response is not None and response.status < 500, path
        assert "content-security-policy" in response.headers, path
        page.wait_for_load_state("load")
        violations.extend(page.evaluate("window.__cspViolations"))
        visited += 1

    try:
        for path in reader_pages(claim):
            visit(path)
        visit("/api/docs/")
        page.wait_for_selector(".opblock", timeout=20_000)
        violations.extend(page.evaluate("window.__cspViolations"))
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "csp-root")
        page.fill("#id_password", "pw-for-tests")
        page.click("input[type=submit]")
        page.wait_for_url(live_server.url + "/admin/")
        for path in admin_pages(claim, evidence, intake):
            visit(path)
    finally:
        context.close()
    assert violations == []
    assert visited == 25
