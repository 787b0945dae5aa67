"""Swagger UI at /api/docs/ in Chromium with every other host blocked: it
comes from the site itself and works under the site's CSP."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.factories import ClaimFactory

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_swagger_ui_lists_the_operations_offline_without_csp_violations(
    browser, migration_data, live_server
):
    ClaimFactory(published=True)
    site = urlsplit(live_server.url).netloc
    blocked: list[str] = []
    errors: list[str] = []

    def only_the_site(route) -> None:
        if urlsplit(route.request.url).netloc == site:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context = browser.new_context()
    try:
        context.route("**/*", only_the_site)
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: (
                errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.goto(f"{live_server.url}/api/docs/")
        page.wait_for_selector(".opblock", timeout=20_000)
        operations = page.locator(".opblock-summary-path").all_inner_texts()
        assert any("/api/v1/claims/" in path for path in operations), operations
        assert any("/api/v1/claimreview/" in path for path in operations)
        assert page.evaluate("window.__cspViolations") == []
        assert blocked == []
        assert errors == []
    finally:
        context.close()
