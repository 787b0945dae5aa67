"""Hostile input to the admin: a form error, a message, a 400 or a 404,
never a 500."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/claims/claim/"


@pytest.fixture
def admin_client_for(editor):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor)
    return client


@pytest.mark.parametrize("length", [256, 300, 5000])
def test_a_login_with_an_over_long_user_name_is_a_form_error(db, length):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = client.post(
        "/admin/login/", {"username": "u" * length, "password": "wrong"}
    )

    assert response.status_code == 200, response.status_code
    assert "Ensure this value has at most" in response.content.decode()
    # Refused before authentication: django-axes stores no attempt with a
    # name longer than its column (PostgreSQL would refuse it, a 500).
    assert not AccessAttempt.objects.exists()
    assert not AccessFailureLog.objects.exists()


def test_a_wrong_password_is_still_recorded_by_axes(editor):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = client.post(
        "/admin/login/", {"username": editor.username, "password": "wrong"}
    )

    assert response.status_code == 200
    assert AccessAttempt.objects.filter(username=editor.username).exists()


@pytest.mark.parametrize(
    "query",
    [
        "speaker__slug=%00",
        "q=%00",
        "q=a%00b",
        "article__slug=%00",
        "state=%00",
        "rating__slug__exact=%00",
        "o=%00",
        "p=%00",
        "%00=1",
    ],
)
@pytest.mark.parametrize(
    "changelist",
    [
        CHANGELIST,
        "/admin/claims/evidence/",
        "/admin/claims/flag/",
        "/admin/claims/speaker/",
    ],
)
def test_nul_characters_in_list_filters_are_refused(
    admin_client_for, changelist, query
):
    """PostgreSQL cannot compare NUL: refused before any query."""
    ClaimFactory()

    response = admin_client_for.get(f"{changelist}?{query}")

    assert response.status_code == 400, response.status_code


@pytest.mark.parametrize("version", ["abc", "%00", "1.5", "9" * 30])
def test_a_history_id_that_is_not_a_number_is_not_found(admin_client_for, version):
    claim = ClaimFactory()

    response = admin_client_for.get(f"{CHANGELIST}{claim.pk}/history/{version}/")

    assert response.status_code == 404, response.status_code


@pytest.mark.parametrize(
    "data",
    [
        {"action": "nonexistent", "_selected_action": ["1"]},
        {"action": "delete_selected", "_selected_action": ["abc"]},
        {"action": "submit_for_review", "_selected_action": ["abc"]},
        {"action": "\x00", "_selected_action": ["1"]},
        {"action": "submit_for_review", "_selected_action": ["\x00"]},
        {"action": "submit_for_review", "_selected_action": ["9" * 30]},
        {"action": "", "_selected_action": ["1"]},
    ],
)
def test_crafted_action_values_get_a_message(admin_client_for, data):
    claim = ClaimFactory()
    data = {**data, "index": "0"}
    data["_selected_action"] = [
        str(claim.pk) if value == "1" else value for value in data["_selected_action"]
    ]

    response = admin_client_for.post(CHANGELIST, data, follow=True)

    assert response.status_code == 200, response.status_code
    assert 'class="messagelist"' in response.content.decode()
    claim.refresh_from_db()
    assert claim.state == "draft"


def test_a_selection_no_list_could_send_is_named_in_the_message(admin_client_for):
    response = admin_client_for.post(
        CHANGELIST,
        {"action": "submit_for_review", "_selected_action": ["abc"], "index": "0"},
        follow=True,
    )

    assert "The selected rows were not understood" in response.content.decode()


@pytest.mark.parametrize("version", ["abc", "%00"])
def test_an_evidence_history_id_that_is_not_a_number_is_not_found(
    admin_client_for, version
):
    from tests.factories import EvidenceFactory

    evidence = EvidenceFactory()

    response = admin_client_for.get(
        f"/admin/claims/evidence/{evidence.pk}/history/{version}/"
    )

    assert response.status_code == 404
