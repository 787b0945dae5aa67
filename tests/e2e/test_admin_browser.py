"""The editorial workflow in a real browser (Debian's Chromium) under the
content security policy, and hostile text that must never run."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from claims.models import Claim, EditorialState
from tests.factories import ArticleFactory, SpeakerFactory, UserFactory
from tests.helpers.hostile import make_hostile_claim

pytestmark = pytest.mark.browser

# Records CSP violations from the first moment of every page (Playwright's
# init scripts run outside the page's policy).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def newsroom(migration_data, live_server):
    """A speaker, an article, an editor and a reviewer."""
    SpeakerFactory(name="雷军", name_en="Lei Jun", slug="lei-jun")
    ArticleFactory(title="小米“拐点”时刻", slug="xiaomi-turning-point")
    return {
        "editor": UserFactory(username="editor-in-browser", group="Editors"),
        "reviewer": UserFactory(username="reviewer-in-browser", group="Reviewers"),
        "base": live_server.url,
    }


class Recorder:
    """Console messages, CSP violations, dialogs and responses without CSP."""

    def __init__(self, context):
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.without_csp: list[str] = []
        self.documents = 0
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("page", self.watch)

    def watch(self, page) -> None:
        page.on("console", lambda message: self.console.append(message.text))
        page.on("dialog", self.dialog)
        page.on("response", self.response)

    def dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def response(self, response) -> None:
        # Pages and the admin's autocomplete requests come from Django; static
        # files (no policy needed) come from the live server's file handler.
        if response.request.resource_type in ("document", "xhr", "fetch"):
            self.documents += 1
            if "content-security-policy" not in response.headers:
                self.without_csp.append(response.url)

    def violations(self, page) -> list[str]:
        recorded = page.evaluate("window.__cspViolations")
        console = [m for m in self.console if "Content Security Policy" in m]
        return recorded + console


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")


def choose_autocomplete(page, field: str, search: str, shown: str = "") -> None:
    """Type ``search`` and pick the result that reads ``shown`` (default: the
    same words)."""
    page.click(f"#id_{field} + .select2 .select2-selection")
    page.fill(".select2-search__field", search)
    page.locator(".select2-results__option", has_text=shown or search).first.click()


def run_action(page, base: str, slug: str, action: str) -> None:
    claim = Claim.objects.get(slug=slug)
    page.goto(base + "/admin/claims/claim/")
    page.check(f"input[name=_selected_action][value='{claim.pk},{claim.version}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def test_editor_creates_and_submits_a_reviewer_publishes_under_the_csp(
    newsroom, browser
):
    from playwright.sync_api import expect

    base = newsroom["base"]
    slug = "xiaomi-ai-team-over-1200"
    # The editor records the claim with its evidence and submits it.
    context = browser.new_context(locale="en-GB")
    recorder = Recorder(context)
    page = context.new_page()
    log_in(page, base, "editor-in-browser")
    page.goto(base + "/admin/claims/claim/add/")
    page.fill("#id_text", "小米AI团队超过1200人。")
    page.fill("#id_text_en", "Xiaomi's AI team has over 1,200 people.")
    page.select_option("#id_kind", "statistic")
    # Found by the Chinese name, shown by the English one to an English editor.
    choose_autocomplete(page, "speaker", "雷军", shown="Lei Jun")
    choose_autocomplete(page, "article", "拐点")
    page.fill("#id_slug", slug)
    page.select_option("#id_rating", label="True")
    page.fill("#id_rating_explanation", "小米招聘页面与年报一致。")
    page.get_by_text("Add another Evidence").click()
    page.fill("#id_evidence-0-title", "Xiaomi annual report 2023")
    page.fill("#id_evidence-0-url", "https://ir.mi.com/annual-report-2023")
    assert recorder.violations(page) == []  # the change form, in use
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added")
    run_action(page, base, slug, "submit_for_review")
    expect(page.locator(".messagelist")).to_contain_text(
        "1 claim submitted for review."
    )
    claim = Claim.objects.get(slug=slug)
    assert claim.state == EditorialState.IN_REVIEW
    assert claim.evidence.get().url == "https://ir.mi.com/annual-report-2023"
    page.goto(base + f"/admin/claims/claim/{claim.pk}/change/")
    expect(page.locator("#claim_form")).to_be_visible()
    assert recorder.violations(page) == []
    context.close()

    # A reviewer publishes it.
    context = browser.new_context(locale="en-GB")
    reviewer_recorder = Recorder(context)
    page = context.new_page()
    log_in(page, base, "reviewer-in-browser")
    run_action(page, base, slug, "publish")
    expect(page.locator(".messagelist")).to_contain_text("1 claim published.")
    assert reviewer_recorder.violations(page) == []

    # The public page shows it, under the same policy.
    with translation.override("en"):
        url = Claim.objects.get(slug=slug).get_absolute_url()
    page.goto(base + url)
    expect(page.locator("h1")).to_have_text("小米AI团队超过1200人。")
    expect(page.locator(".verdict")).to_contain_text("True")
    expect(page.locator(".evidence-list")).to_contain_text("Xiaomi annual report 2023")
    assert reviewer_recorder.violations(page) == []
    assert recorder.documents > 10 and reviewer_recorder.documents > 3
    assert recorder.without_csp == []
    assert reviewer_recorder.without_csp == []
    assert recorder.dialogs == reviewer_recorder.dialogs == []
    context.close()


def test_hostile_text_never_runs_on_reader_or_admin_pages(newsroom, browser):
    claim = make_hostile_claim()
    base = newsroom["base"]
    with translation.override("en"):
        paths = [
            claim.get_absolute_url(),
            "/en/claims/",
            "/en/claims/?q=alert",
            claim.article.get_absolute_url(),
            claim.speaker.get_absolute_url(),
            "/en/corrections/",
        ]
    context = browser.new_context(locale="en-GB")
    recorder = Recorder(context)
    page = context.new_page()
    for path in paths:
        page.goto(base + path)
        assert page.locator("img[src=x]").count() == 0, path
    page.goto(base + claim.get_absolute_url())
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    log_in(page, base, "reviewer-in-browser")
    for path in (
        "/admin/claims/claim/",
        f"/admin/claims/claim/{claim.pk}/change/",
        f"/admin/claims/claim/{claim.pk}/history/",
        "/admin/claims/speaker/",
        "/admin/claims/evidence/",
    ):
        page.goto(base + path)
        assert page.locator("img[src=x]").count() == 0, path
    assert recorder.dialogs == []
    assert not [m for m in recorder.console if re.search(r"alert", m)]
    context.close()
