"""In the admin, flags and ratings agree: the claim form offers to close the
flags a new rating answers, "re-rated" needs a new rating, and a flag raised
by hand carries a note that a second one adds to."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from claims.models import Flag, FlagReason, FlagResolution, Rating
from claims.services.flags import flag_raise_with_note
from claims.services.scans import claims_deadline_scan
from tests.factories import ClaimFactory
from tests.helpers.admin import change_url, claim_form

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:claims_flag_changelist")
ADD_FLAG = reverse("admin:claims_flag_add")


@pytest.fixture
def overdue(db, settings):
    # A reviewer's own re-rating of a published claim applies at once.
    settings.ALLOW_SELF_PUBLISH = True
    claim = ClaimFactory(due_h1_2024=True, published=True)
    claims_deadline_scan(raised_by="tests")
    return claim


def test_the_claim_form_offers_to_close_the_flags_a_new_rating_answers(
    client, reviewer, overdue
):
    manual, _ = flag_raise_with_note(
        claim=overdue, reason=FlagReason.MANUAL, user=reviewer, note="Quote source?"
    )
    deadline = overdue.flags.get(reason=FlagReason.DEADLINE_PASSED)
    client.force_login(reviewer)
    page = client.get(change_url(overdue)).content.decode()
    assert "关闭这些未处理提醒" in page  # "Close these open flags"
    assert "Quote source?" in page

    data = claim_form(client, overdue)
    # Ticked for the deadline flag, not for the editor's own flag.
    assert data["close_flags"] == str(deadline.pk)
    data |= {
        "rating": str(Rating.objects.get(slug="stalled").pk),
        "change_kind": "update",
        "change_reason": "No production line by mid-2024.",
    }
    response = client.post(change_url(overdue), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    deadline.refresh_from_db()
    manual.refresh_from_db()
    assert deadline.resolution == FlagResolution.RE_RATED
    assert deadline.resolution_note == "No production line by mid-2024."
    assert manual.is_open


def test_ticked_flags_stay_open_when_the_rating_is_unchanged(client, reviewer, overdue):
    client.force_login(reviewer)
    data = claim_form(client, overdue) | {"text_en": "Mass production in H1 2024."}
    assert client.post(change_url(overdue), data).status_code == 302
    assert overdue.flags.open().count() == 1


def test_resolving_as_re_rated_without_a_new_rating_says_why(client, reviewer, overdue):
    client.force_login(reviewer)
    page = client.post(
        QUEUE,
        {
            "action": "resolve_flags",
            helpers.ACTION_CHECKBOX_NAME: [overdue.flags.get().pk],
            "apply": "1",
            "resolution": "re_rated",
            "note": "Rated stalled.",
        },
    )
    assert page.status_code == 200
    assert "自提醒产生以来未曾改变" in page.content.decode()
    assert overdue.flags.open().count() == 1


def test_a_flag_raised_by_hand_needs_a_note_and_a_second_one_adds_to_it(
    client, editor, second_editor
):
    claim = ClaimFactory(published=True)
    client.force_login(editor)
    form = {"claim": claim.pk, "reason": FlagReason.MANUAL, "evidence": ""}

    no_note = client.post(ADD_FLAG, form)
    assert no_note.status_code == 200
    assert not Flag.objects.exists()

    first = client.post(ADD_FLAG, form | {"note": "核实第三季度数字。"})
    assert first.status_code == 302
    client.force_login(second_editor)
    again = client.post(ADD_FLAG, form | {"note": "也看第四季度。"}, follow=True)

    assert again.status_code == 200
    assert "你的备注已添加" in again.content.decode()
    flag = Flag.objects.get()
    assert [n["note"] for n in flag.detail["notes"]] == [
        "核实第三季度数字。",
        "也看第四季度。",
    ]
    queue = client.get(QUEUE).content.decode()
    assert "editor-bob: 也看第四季度。" in queue
