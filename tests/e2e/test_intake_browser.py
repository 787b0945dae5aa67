"""An editor in a real browser (Debian's Chromium through Playwright) pastes an
article in the admin, accepts two candidates and finds the two draft claims."""

from __future__ import annotations

from datetime import date

import pytest

from claims.models import Claim, EditorialState
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

ARTICLE = (
    "小米汽车进展\n"
    "雷军表示,小米汽车计划在2024年上半年实现量产。\n"
    "Counterpoint的数据显示,2023年第二季度全球智能手机销量同比下降8%,环比下降5%。\n"
    "有分析人士预测,全球智能手机市场的回暖可能要等到明年年底。\n"
    "分享到朋友圈\n收藏\n推荐内容\n"
)


@pytest.fixture
def editor_account(migration_data):
    return UserFactory(username="editor-in-browser", group="Editors")


def test_editor_pastes_an_article_accepts_two_candidates_and_sees_the_drafts(
    editor_account, live_server, browser
):
    from playwright.sync_api import expect

    base = live_server.url
    page = browser.new_context(locale="en-GB").new_page()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", editor_account.username)
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")

    page.goto(base + "/admin/intake/articleintake/add/")
    page.fill("#id_text", ARTICLE)
    page.fill("#id_title", "小米汽车进展")
    page.fill("#id_written_on", "2023-08-17")
    page.click("input[name=_import]")
    expect(page.locator("#candidates")).to_contain_text("3 candidate claims")

    for words in ("2024年上半年实现量产", "明年年底"):
        row = page.locator("tr.candidate", has_text=words)
        expect(row.locator(".deadline")).not_to_be_empty()
        row.get_by_role("button", name="Accept as draft claim").click()
        expect(page.locator(".messagelist")).to_contain_text("Draft claim")
        expect(page.locator("tr.candidate", has_text=words)).to_contain_text(
            "Accepted as a draft claim"
        )

    page.goto(base + "/admin/claims/claim/?state__exact=draft")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#result_list")).to_contain_text("2024年上半年")
    expect(page.locator("#result_list")).to_contain_text("到明年年底")

    drafts = Claim.objects.filter(state=EditorialState.DRAFT).order_by("due_end")
    assert [(c.kind, c.due_end, c.due_precision) for c in drafts] == [
        ("promise", date(2024, 6, 30), "half"),
        ("prediction", date(2024, 12, 31), "year"),
    ]
