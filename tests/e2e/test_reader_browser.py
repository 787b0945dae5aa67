"""A reader in a real browser (Debian's Chromium through Playwright), with
JavaScript switched off: the pages must be readable without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CAR_SLUG = "xiaomi-car-mass-production-h1-2024"


@pytest.fixture
def seeded_live_server(migration_data, live_server):
    call_command("load_seed", verbosity=0)
    return live_server


def test_reader_finds_the_car_claim_switches_language_and_sees_the_verdict(
    seeded_live_server, browser
):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    base = seeded_live_server.url
    context = browser.new_context(
        locale="zh-CN",
        java_script_enabled=False,
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()

    # A Chinese browser lands on the Chinese front page.
    page.goto(base + "/")
    assert page.url == base + "/zh-hans/"
    expect(page.get_by_role("heading", level=1)).to_have_text("声明核查概况")
    expect(page.locator(".rating-legend")).to_contain_text("属实")

    # Search for 量产 and open the car-production claim.
    page.get_by_label("搜索声明").fill("量产")
    page.get_by_role("button", name="搜索", exact=True).click()
    assert "/zh-hans/claims/?q=" in page.url
    results = page.locator(".claim-list")
    expect(results).to_contain_text("量产")
    results.locator(f'a[href="/zh-hans/claims/{CAR_SLUG}/"]').click()
    assert page.url == f"{base}/zh-hans/claims/{CAR_SLUG}/"

    verdict = page.locator(".verdict")
    expect(verdict).to_contain_text("我们的评级")
    badge_zh = verdict.locator(".badge").inner_text()
    deadline = page.locator(".deadline-box")
    expect(deadline).to_contain_text("2024年上半年")
    expect(deadline).to_contain_text("已过期")
    expect(page.locator(".evidence-list")).to_contain_text("链接：")
    expect(page.locator(".timeline-list")).to_contain_text("发布，评级为")
    page.screenshot(path=ARTIFACTS / "claim-zh-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(path=ARTIFACTS / "claim-zh-375.png", full_page=True)

    # Switch to English: same claim, English labels and deadline words.
    page.get_by_role("navigation", name="语言").get_by_role(
        "link", name="English"
    ).click()
    assert page.url == f"{base}/en/claims/{CAR_SLUG}/"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(verdict).to_contain_text("Our rating")
    badge_en = verdict.locator(".badge").inner_text()
    assert badge_en != badge_zh and badge_en.isascii()
    expect(deadline).to_contain_text("H1 2024")
    expect(deadline).to_contain_text("passed")
    expect(page.locator(".claim-en")).to_contain_text("mass production")
    page.screenshot(path=ARTIFACTS / "claim-en-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=ARTIFACTS / "claim-en-1280.png", full_page=True)

    # The choice is remembered: the bare address now opens in English.
    page.goto(base + "/")
    assert page.url == base + "/en/"
    expect(page.get_by_role("heading", level=1)).to_have_text("How the claims stand")
    context.close()

    # On a phone the claim page fits the screen: nothing scrolls sideways.
    phone = browser.new_context(viewport={"width": 375, "height": 812})
    phone_page = phone.new_page()
    phone_page.goto(f"{base}/zh-hans/claims/{CAR_SLUG}/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    phone.close()
    for name in ("claim-zh-375", "claim-zh-1280", "claim-en-375", "claim-en-1280"):
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000
