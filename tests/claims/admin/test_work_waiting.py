"""The admin header and index tell reviewers how many claims wait for review
and editors how many flags are open, linking to the filtered lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import EditorialState, FlagReason
from claims.services.flags import flag_raise
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
IN_REVIEW_LIST = reverse("admin:claims_claim_changelist") + "?state__exact=in_review"
OPEN_FLAGS = reverse("admin:claims_flag_changelist") + "?status=open"


@pytest.fixture
def waiting(db):
    ClaimFactory.create_batch(2, state=EditorialState.IN_REVIEW)
    for claim in ClaimFactory.create_batch(3, published=True):
        flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="tests")


def test_a_reviewer_sees_both_counts_on_the_index_and_every_admin_page(
    client, reviewer, waiting
):
    client.force_login(reviewer)
    index = client.get(INDEX).content.decode()
    assert index.count("2 条声明待审核") == 2  # header and index
    assert f'href="{IN_REVIEW_LIST}"' in index
    assert "3 条未处理提醒" in index
    assert f'href="{OPEN_FLAGS}"' in index

    speakers = client.get(reverse("admin:claims_speaker_changelist")).content
    assert "2 条声明待审核" in speakers.decode()
    assert "3 条未处理提醒" in speakers.decode()


def test_an_editor_sees_open_flags_only(client, editor, waiting):
    client.force_login(editor)
    page = client.get(INDEX).content.decode()
    assert "3 条未处理提醒" in page
    assert "待审核" not in page


def test_staff_who_can_act_on_neither_see_no_counts(client, waiting):
    client.force_login(UserFactory(username="staff-only", is_staff=True))
    page = client.get(INDEX).content.decode()
    assert "等你处理" not in page
    assert "未处理提醒" not in page


def test_the_counts_are_in_english_for_english_browsers(client, reviewer, waiting):
    client.force_login(reviewer)
    page = client.get(INDEX, headers={"accept-language": "en"}).content.decode()
    assert "2 claims waiting for review" in page
    assert "3 open flags" in page


def test_the_counts_cost_the_same_queries_however_much_waits(
    client, reviewer, django_assert_max_num_queries
):
    client.force_login(reviewer)
    ClaimFactory(state=EditorialState.IN_REVIEW)
    client.get(INDEX)  # warm: sessions, content types
    with CaptureQueriesContext(connection) as few:
        client.get(INDEX)
    for claim in ClaimFactory.create_batch(20, state=EditorialState.IN_REVIEW):
        flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="tests")
    with django_assert_max_num_queries(len(few)):
        page = client.get(INDEX).content.decode()
    assert "21 条声明待审核" in page
    counting = [q["sql"] for q in few.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counting) == 2  # one per count, shown twice on the index
