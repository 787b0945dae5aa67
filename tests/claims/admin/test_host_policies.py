"""Host policies in the admin: a reviewer sets a site's pace, in Chinese or
English; the link checker follows it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import HostPolicy
from claims.services.host_pacing import host_pace

pytestmark = pytest.mark.django_db


def signed_in(user, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_a_reviewer_sets_a_sites_pace_in_chinese(reviewer):
    client = signed_in(reviewer, "zh-hans")
    form = client.get(reverse("admin:claims_hostpolicy_add")).content.decode()
    assert "增加 主机策略" in form
    assert "两次请求间隔（秒）" in form
    assert "不检查" in form

    response = client.post(
        reverse("admin:claims_hostpolicy_add"),
        {"host": "WWW.Example.COM", "min_interval_seconds": "10", "note": "对方要求"},
        follow=True,
    )

    assert response.status_code == 200
    assert "www.example.com" in response.content.decode()
    assert host_pace("https://www.example.com/news/1").interval == 10.0
    assert host_pace("https://other.example/news/1").interval == 1.0


def test_an_address_instead_of_a_host_is_refused_in_english(reviewer):
    client = signed_in(reviewer, "en")
    form = client.get(reverse("admin:claims_hostpolicy_add")).content.decode()
    assert "Add host policy" in form
    assert "seconds between requests" in form.lower()

    response = client.post(
        reverse("admin:claims_hostpolicy_add"),
        {"host": "https://www.example.com/news", "min_interval_seconds": "1"},
    )

    assert response.status_code == 200
    assert "Enter a host name only, e.g. www.example.com" in response.content.decode()
    assert not HostPolicy.objects.exists()


def test_a_host_marked_do_not_check_is_listed_as_such(reviewer):
    HostPolicy.objects.create(host="private.example", do_not_check=True)
    page = (
        signed_in(reviewer, "en")
        .get(
            reverse("admin:claims_hostpolicy_changelist"), {"do_not_check__exact": "1"}
        )
        .content.decode()
    )
    assert "private.example" in page
    assert host_pace("https://private.example/").excluded


def test_editors_see_host_policies_but_do_not_change_them(editor):
    client = signed_in(editor, "en")
    assert client.get(reverse("admin:claims_hostpolicy_changelist")).status_code == 200
    assert client.get(reverse("admin:claims_hostpolicy_add")).status_code == 403
