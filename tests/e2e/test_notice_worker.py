"""Done means: a notice mail travels the real way, from the service's commit
through the Redis broker to a real Celery worker and its SMTP connection to a
real mail server on loopback."""

import pytest

from claims import services
from claims.services.profiles import editor_profile_update
from tests.factories import ClaimFactory, UserFactory
from tests.helpers.waiting import wait_until

pytestmark = [
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.usefixtures("migration_data"),
]


def test_a_submitted_claim_reaches_the_reviewer_through_a_worker(
    start_worker, celery_redis, mail_server
):
    author = UserFactory(username="li-editor", email="li@example.org", group="Editors")
    reviewer = UserFactory(
        username="ann-reviewer", email="ann@example.org", group="Reviewers"
    )
    editor_profile_update(user=reviewer, language="en")
    start_worker(
        env={
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mail_server.port),
            "SITE_URL": "https://tracker.example.org",
        }
    )
    claim = ClaimFactory(text_en="Xiaomi's AI team has over 1,200 people")

    services.claim_submit_for_review(claim=claim, user=author)  # commits

    [mail] = wait_until(
        lambda: mail_server.to("ann@example.org"),
        message="the worker mailed the reviewer",
    )
    assert mail.subject == (
        "Waiting for your review: Xiaomi's AI team has over 1,200 people"
    )
    assert f"https://tracker.example.org/admin/claims/claim/{claim.pk}/change/" in (
        mail.body
    )
    wait_until(lambda: celery_redis.pending() == 0, message="the notice task ended")
    assert mail_server.to("li@example.org") == []
