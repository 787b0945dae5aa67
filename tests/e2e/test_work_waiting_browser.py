"""In a real browser, a reviewer signs in and sees in the admin header what
waits for them, and one click opens the list of it."""

from pathlib import Path

import pytest

from claims.models import EditorialState, FlagReason
from claims.services.flags import flag_raise
from tests.factories import ClaimFactory, UserFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("migration_data")]


def test_the_header_counts_lead_to_the_waiting_claims(live_server, browser):
    UserFactory(username="reviewer-in-browser", group="Reviewers")
    waiting = ClaimFactory(
        text="小米汽车年底交付十万辆", state=EditorialState.IN_REVIEW
    )
    ClaimFactory(text="一条草稿", state=EditorialState.DRAFT)
    flag_raise(
        claim=ClaimFactory(published=True), reason=FlagReason.MANUAL, raised_by="t"
    )
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 800})
    base = live_server.url
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "reviewer-in-browser")
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")

    header = page.locator("#work-waiting")
    assert header.inner_text().split(" · ") == ["1 条声明待审核", "1 条未处理提醒"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-header-work-waiting-1280.png"))

    page.goto(base + "/admin/claims/speaker/")  # any admin page
    header.get_by_text("1 条声明待审核").click()
    page.wait_for_url("**/admin/claims/claim/?state__exact=in_review")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert waiting.text in rows.first.inner_text()
