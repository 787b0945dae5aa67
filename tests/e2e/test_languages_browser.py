"""Each page in one language: a real browser reads the rendered text of the
admin in Chinese and of the reader site in English and in Chinese, and finds
no text in the other language outside elements marked with their ``lang``.

- English pages: no Han character outside an element whose ``lang`` is
  Chinese (``zh…``).
- Chinese pages: no Latin word outside an element whose ``lang`` is English,
  except the content allowances below.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from claims import services
from claims.models import Claim, Flag, FlagReason, Rating, RatingChangeKind
from claims.services.flags import flag_raise
from tests.factories import UserFactory
from tests.helpers.claims import change_public_claim

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Every rendered text node of the page with the language it is marked with
# (the nearest ``lang`` attribute): scripts, styles and what is not rendered
# (a closed calendar pop-up) left out; text visually hidden for screen
# readers is rendered and counts.
TEXT_WITH_LANGUAGE = """
() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, template, noscript")) continue;
    if (!parent.checkVisibility()) continue;
    const text = node.textContent.trim();
    if (!text) continue;
    const marked = parent.closest("[lang]");
    out.push([text, marked ? marked.getAttribute("lang") : ""]);
  }
  return out;
}
"""

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.+\-'/:]*")
HOST = re.compile(r"(https?://)?[a-z0-9\-]+(\.[a-z0-9\-]+)+(/\S*)?", re.IGNORECASE)

# Latin words a Chinese page may show outside lang="en": content, not
# interface. A word here must never be an interface word that has a Chinese
# translation.
# Names of companies, products, product series and benchmarks, as the seed's
# Chinese text and the speakers' Chinese names write them; then formats,
# protocols, software and keys the interface names as they are labelled
# (Django's own Chinese help text says "Control", "Command", "Mac"); and the
# language tags a language field's help gives as examples (codes, the same
# in every language).
_WORDS = """Xiaomi Counterpoint Research Market Pulse Monitor OpenAI ChatGPT
    MiniMax WPS SU7 MiLM-6B C-Eval iPhone GitHub ETtoday CEO AI
    Django Markdown Atom HTTP Control Command Mac
    BCP zh-hans en fr pt-br"""
CONTENT_WORDS = set(_WORDS.split())
ALLOWED_USERS = {"editor-in-browser"}


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{path or '/'}: {line}" for path, lines in problems.items() for line in lines
    )


def texts(page) -> list[tuple[str, str]]:
    return [tuple(item) for item in page.evaluate(TEXT_WITH_LANGUAGE)]


def han_outside_chinese(page) -> list[str]:
    return [
        text[:80]
        for text, lang in texts(page)
        if HAN.search(text) and not lang.lower().startswith("zh")
    ]


def latin_outside_english(page, allowed: set[str]) -> list[str]:
    found = []
    for text, lang in texts(page):
        if lang.lower().startswith("en"):
            continue
        words = {
            word.strip(".-'")
            for word in LATIN_WORD.findall(text)
            # Web addresses and host names (a publisher named by its site).
            if not HOST.fullmatch(word.strip(".-'"))
        }
        unexpected = {word for word in words if word and word not in allowed}
        if unexpected:
            found.append(f"{sorted(unexpected)} in {text[:80]!r}")
    return found


@pytest.fixture
def seeded(migration_data, live_server):
    """The seed, with a re-rating and a retraction whose public reasons are
    in Chinese only: English pages show them as the original, marked."""
    call_command("load_seed", verbosity=0)
    reviewer = UserFactory(username="reviewer-in-browser", group="Reviewers")
    approver = UserFactory(username="approver-in-browser", group="Reviewers")
    # A published claim's new rating: proposed, then approved by a second person.
    change_public_claim(
        Claim.objects.get(slug=RERATED),
        author=reviewer,
        approver=approver,
        fields={"rating": Rating.objects.get(slug="half-true")},
        change_kind=RatingChangeKind.CORRECTION,
        change_reason="复核后发现两个数字的口径不同。",
    )
    retracted = Claim.objects.get(slug=RETRACTED)
    services.claim_retract(
        claim=retracted, user=reviewer, reason="该说法的出处无法核实。"
    )
    return live_server.url


RERATED = "counterpoint-q2-2023-smartphone-sales-down-8pct"
RETRACTED = "xiao-ai-close-to-chatgpt-level"


def reader_pages() -> list[str]:
    claim = Claim.objects.get(slug="xiaomi-car-mass-production-h1-2024")
    return [
        "",
        "claims/",
        f"claims/{claim.slug}/",
        f"claims/{RERATED}/",
        f"claims/{RETRACTED}/",
        f"speakers/{claim.speaker.slug}/",
        f"articles/{claim.article.slug}/",
        "corrections/",
    ]


def test_english_reader_pages_show_chinese_only_where_marked(seeded, browser):
    # A retraction and a re-rating, so the corrections page has entries.
    page = browser.new_context(locale="en-GB").new_page()
    problems = {}
    for path in reader_pages():
        page.goto(f"{seeded}/en/{path}")
        assert page.locator("html").get_attribute("lang") == "en"
        if found := han_outside_chinese(page):
            problems[path] = found
    assert not problems, report(problems)

    # The reasons exist only in Chinese: shown as the original, marked.
    page.goto(f"{seeded}/en/claims/{RETRACTED}/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "claim-en-original-marked.png", full_page=True)
    notice = page.locator(".notice-retracted")
    assert notice.locator(".original-mark").inner_text() == "original"
    page.goto(f"{seeded}/en/corrections/")
    reasons = page.locator(".correction-reason")
    assert reasons.count() == 2
    for index in range(2):
        reason = reasons.nth(index)
        assert reason.locator('[lang="zh-hans"]').inner_text() in (
            "复核后发现两个数字的口径不同。",
            "该说法的出处无法核实。",
        )
        assert reason.locator(".original-mark").inner_text() == "original"
    # The claims themselves in English.
    assert (
        "Counterpoint data show global smartphone sales"
        in page.locator("main").inner_text()
    )


def test_chinese_reader_pages_show_no_untranslated_interface(seeded, browser):
    page = browser.new_context(locale="zh-CN").new_page()
    problems = {}
    for path in reader_pages():
        page.goto(f"{seeded}/zh-hans/{path}")
        assert page.locator("html").get_attribute("lang") == "zh-hans"
        if found := latin_outside_english(page, CONTENT_WORDS):
            problems[path] = found
    assert not problems, report(problems)


def test_the_admin_in_chinese_shows_no_untranslated_interface(seeded, browser):
    editor = UserFactory(username="editor-in-browser", group="Editors")
    claim = Claim.objects.get(slug="xiaomi-car-mass-production-h1-2024")
    flag_raise(
        claim=claim,
        reason=FlagReason.MANUAL,
        raised_by=editor.username,
        detail={"note": "请核对交付数字"},
    )
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(seeded + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")
    page.wait_for_url(seeded + "/admin/")
    assert Flag.objects.exists()
    pages = [
        "",
        "claims/claim/",
        "claims/flag/",
        f"claims/claim/{claim.pk}/change/",
        f"claims/claim/{claim.pk}/history/",
        "intake/articleintake/add/",
    ]
    problems = {}
    for path in pages:
        response = page.goto(f"{seeded}/admin/{path}")
        assert response.status == 200, path
        found = latin_outside_english(page, CONTENT_WORDS | ALLOWED_USERS)
        if found:
            problems[path] = found
    assert not problems, report(problems)
