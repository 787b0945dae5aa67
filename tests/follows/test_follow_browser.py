"""Done means: a reader on a phone follows a claim from its page, in either
language, and confirms from the link the mail brings (a real browser, a
real worker on Redis, a real SMTP server on loopback)."""

from __future__ import annotations

import pytest

from follows.models import Subscriber
from tests.factories import ClaimFactory
from tests.follows.helpers import confirm_link
from tests.helpers.waiting import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.worker]

PHONE = {"width": 375, "height": 812}

STEPS = {
    "en": {
        "address": "reader@example.org",
        "email": "E-mail address",
        "daily": "A daily digest",
        "follow": "Follow",
        "sent": "Check your mail",
        "subject": "Confirm: follow the claim",
        "confirm": "Yes, follow",
        "done": "You now follow the claim “Xiaomi sold ten million phones”.",
    },
    "zh-hans": {
        "address": "duzhe@example.org",
        "email": "电子邮件地址",
        "daily": "每日摘要",
        "follow": "关注",
        "sent": "请查收邮件",
        "subject": "确认：关注声明",
        "confirm": "是，关注",
        "done": "你已关注声明“小米卖出一千万部手机”。",
    },
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_reader_follows_a_claim_from_its_page_on_a_phone(
    language, migration_data, live_server, browser, start_worker, mail_server
):
    steps = STEPS[language]
    claim = ClaimFactory(
        published=True,
        text="小米卖出一千万部手机",
        text_en="Xiaomi sold ten million phones",
    )
    start_worker(
        env={
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mail_server.port),
            "SITE_URL": live_server.url,
        }
    )
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/claims/{claim.slug}/")

    form = page.locator("form.follow-form")
    form.scroll_into_view_if_needed()
    box = form.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    page.get_by_label(steps["email"]).fill(steps["address"])
    page.get_by_label(steps["daily"]).check()
    page.get_by_role("button", name=steps["follow"], exact=True).click()
    page.get_by_role("heading", name=steps["sent"]).wait_for()
    assert not Subscriber.objects.exists()

    [mail] = wait_until(
        lambda: mail_server.to(steps["address"]), message="the confirmation arrived"
    )
    assert mail.subject.startswith(steps["subject"])
    page.goto(confirm_link(mail.body))
    page.get_by_role("button", name=steps["confirm"]).click()
    page.get_by_text(steps["done"]).wait_for()
    subscriber = Subscriber.objects.get(email=steps["address"])
    assert subscriber.language == language
    assert subscriber.subscriptions.get().frequency == "daily"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
