"""The verdict crosswalk in the admin, in Chinese, and the original review
shown on an imported claim."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim, VerdictLabel
from tests.claims.data.claimreview import records

pytestmark = pytest.mark.django_db


def chinese_client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def test_the_crosswalk_is_seeded_and_listed_in_chinese(editor):
    client = chinese_client(editor)

    index = client.get(reverse("admin:index")).content.decode()
    page = client.get(
        reverse("admin:claims_verdictlabel_changelist"), {"q": "faux"}
    ).content.decode()

    assert "判定标签对照" in index
    assert "Faux" in page and "不实" in page
    assert (
        VerdictLabel.objects.get(key="manque de contexte").rating.slug == "misleading"
    )
    assert VerdictLabel.objects.get(key="错误").rating.slug == "false"


def test_an_imported_claim_shows_its_original_review_in_the_admin(editor):
    api = Client()
    api.force_login(editor)
    response = api.post(
        reverse("api:claimreview-import"),
        records()[:1],
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    claim = Claim.objects.get()

    page = chinese_client(editor).get(
        reverse("admin:claims_claim_change", args=[claim.pk])
    )

    text = page.content.decode()
    assert "原始核查" in text
    assert (
        "AFP Factuel" in text and "https://factuel.afp.com/doc.afp.com.34LX9QZ" in text
    )


def test_a_label_that_reads_like_one_in_the_crosswalk_is_refused_on_the_form(
    editor,
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor)

    response = client.post(
        reverse("admin:claims_verdictlabel_add"), {"label": "FAUX !", "language": "fr"}
    )

    assert response.status_code == 200
    assert "reads the same as “Faux”" in response.content.decode()
    assert VerdictLabel.objects.filter(key="faux").count() == 1
