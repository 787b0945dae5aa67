"""axe-core (Deque's accessibility engine, the one browser audits use) finds
no violation on any page type, in both languages, at a phone's width (375 px)
and a desktop's (1280 px): WCAG 2 A and AA rules and the best practices axe
runs by default. And what axe cannot see: text in the page's other language
says so (Chinese claim text on an English page carries lang="zh-hans",
English sentences on a Chinese page lang="en"). One browser for the batch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.page_set import reader_pages, seed_every_state

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 375)
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => node.target.join(" ")).slice(0, 5),
  }));
}"""

# Each text node in the page's other language whose element (or an ancestor)
# does not say so. Chinese: mostly Chinese characters outside quotes and
# brackets (an English explanation quoting the Chinese it checks stays
# English). English: four words or more without a Chinese character.
UNMARKED_TEXT = r"""() => {
  const page = document.documentElement.lang.toLowerCase();
  const quoted = /'[^']*'|"[^"]*"|“[^”]*”|\([^)]*\)|（[^）]*）/g;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.replace(/\s+/g, " ").trim();
    const element = node.parentElement;
    const skipped = "script, style, noscript, [hidden], [aria-hidden=true]";
    if (!text || element.closest(skipped)) {
      continue;
    }
    const outside = text.replace(quoted, "");
    const chinese = (outside.match(/[\u3400-\u9fff]/g) || []).length;
    const letters = (outside.match(/[A-Za-z]/g) || []).length;
    const words = (text.match(/[A-Za-z]+/g) || []).length;
    let language = null;
    if (chinese > 0 && chinese * 4 > letters) language = "zh";
    else if (!/[\u3400-\u9fff]/.test(text) && words >= 4) language = "en";
    if (!language || page.startsWith(language)) continue;
    const said = (element.closest("[lang]") || document.documentElement).lang;
    if (!said.toLowerCase().startsWith(language)) {
      const tag = element.tagName.toLowerCase();
      found.push(`<${tag}> in lang="${said}": ${text.slice(0, 60)}`);
    }
  }
  return found;
}"""


def axe_source() -> str:
    if not AXE.exists():
        message = f"{AXE.relative_to(ROOT)} is missing (npm ci, or make validators)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI requires it.", pytrace=False)
        pytest.skip(message)
    return AXE.read_text()


def test_axe_finds_no_violation_on_any_page_at_either_width(
    browser, migration_data, live_server
):
    source = axe_source()
    seed_every_state()
    context = browser.new_context(
        viewport={"width": WIDTHS[0], "height": 900}, bypass_csp=True
    )
    problems = []
    try:
        page = context.new_page()
        for target in reader_pages():
            response = page.goto(live_server.url + target.url)
            assert response.status == target.status, target.name
            if target.url == "/api/docs/":
                page.wait_for_selector(".opblock", timeout=20_000)
            if not target.url.startswith(("/api/", "/admin/")):
                problems += [
                    f"{target.name} ({target.url}): text in another language "
                    f"without lang: {text}"
                    for text in page.evaluate(UNMARKED_TEXT)
                ]
            page.evaluate(source)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                for violation in page.evaluate(RUN_AXE):
                    problems.append(
                        f"{target.name} ({target.url}) at {width} px: "
                        f"{violation['id']} ({violation['impact']}) "
                        f"{violation['help']}: {', '.join(violation['nodes'])}"
                    )
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    finally:
        context.close()
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)
