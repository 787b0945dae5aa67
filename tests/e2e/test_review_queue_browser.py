"""The review queue and the claim list in a real browser, in Chinese, on a
desktop screen and on a phone: readable, no sideways scrolling of the page,
and every link one a finger or a mouse can use."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.fetching.text import text_diff
from claims.models import FlagReason
from tests.e2e.test_admin_browser import log_in
from tests.factories import ClaimFactory, EvidenceFactory, FlagFactory, UserFactory

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
OLD_TEXT = (
    "小米集团今日宣布，小米汽车将于2024年上半年正式量产，首款车型定位为"
    "高性能轿车，目标售价在三十万元以内。雷军表示，团队已经完成冬季测试。"
)
NEW_TEXT = (
    "小米集团今日宣布，小米汽车将于2024年下半年正式量产，首款车型定位为"
    "高性能轿车，目标售价在三十万元以内。雷军表示，团队已经完成夏季测试。"
)


@pytest.fixture
def queue(migration_data, live_server):
    """An editor, and a queue with an "evidence changed" flag whose diff is
    Chinese, beside a few other flags."""
    UserFactory(username="queue-editor", group="Editors")
    evidence = EvidenceFactory(
        title="新华社：小米汽车量产时间表",
        claim=ClaimFactory(
            published=True,
            text="小米汽车将于2024年上半年量产，首款车型售价三十万元以内。",
        ),
    )
    changed = FlagFactory(
        claim=evidence.claim,
        evidence=evidence,
        reason=FlagReason.EVIDENCE_CHANGED,
        raised_by="claims.tasks.evidence_check",
        detail={
            "summary": f"Evidence “{evidence.title}” changed on 2026-12-01.",
            "diff": text_diff(
                OLD_TEXT + "\n第二段没有变化。", NEW_TEXT + "\n第二段没有变化。"
            ),
        },
    )
    for number in range(3):
        FlagFactory(
            claim=ClaimFactory(
                text=f"小米AI团队超过{1200 + number}人，其中研究员占三成。"
            ),
            detail={"summary": "编辑手动标记：需要核对最新年报。"},
        )
    return {"base": live_server.url, "flag": changed}


def no_page_overflow(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_queue_is_readable_and_its_flag_link_opens_the_flag(queue, browser, width):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    base, flag = queue["base"], queue["flag"]
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    log_in(page, base, "queue-editor")

    page.goto(base + "/admin/claims/flag/")
    row = page.locator("#result_list tbody tr", has_text="新华社")
    row.locator("details summary").click()
    diff = row.locator(".flag-diff")
    expect(diff.locator("del").first).to_have_text("上半年")
    expect(diff.locator("ins").first).to_have_text("下半年")
    expect(diff.locator("del").nth(1)).to_have_text("冬季")
    expect(diff.locator("ins").nth(1)).to_have_text("夏季")
    expect(diff).to_contain_text("第二段没有变化。")
    page.screenshot(path=ARTIFACTS / f"review-queue-{width}.png", full_page=True)
    # The diff is a block a person can read, not a column a few characters wide.
    box = diff.bounding_box()
    assert box is not None
    assert box["width"] >= min(280, width - 60), box
    scroll_width, viewport = no_page_overflow(page)
    assert scroll_width <= viewport, f"the queue is {scroll_width}px wide at {width}"

    page.goto(base + "/admin/claims/claim/")
    expect(page.locator("#result_list")).to_contain_text("小米AI团队超过1200人")
    page.screenshot(path=ARTIFACTS / f"claim-list-{width}.png", full_page=True)
    scroll_width, viewport = no_page_overflow(page)
    assert scroll_width <= viewport, f"the claim list is {scroll_width}px at {width}"

    # The flag's own link is a link of its own, and opens the flag.
    page.goto(base + "/admin/claims/flag/")
    link = page.locator("#result_list tbody tr", has_text="新华社").locator(
        "th.field-reason a"
    )
    expect(link).to_have_text("证据变更")
    link.click()
    page.wait_for_url(f"{base}/admin/claims/flag/{flag.pk}/change/")
    expect(page.locator("#content h1, #content h2").first).to_be_visible()
    expect(page.locator(".flag-diff ins").first).to_have_text("下半年")
    context.close()
