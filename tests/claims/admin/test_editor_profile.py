"""Everyone signed in to the admin chooses the language of their own mails,
and only their own."""

import pytest
from django.urls import reverse

from claims.models import EditorProfile
from claims.services.profiles import editor_profile_get
from tests.helpers.html_forms import form_data

pytestmark = pytest.mark.django_db

SETTINGS = reverse("admin:claims_editorprofile_changelist")


def test_an_editor_sets_the_language_of_their_mails(client, editor):
    client.force_login(editor)
    index = client.get(reverse("admin:index")).content.decode()
    assert "邮件设置" in index

    form_page = client.get(SETTINGS, follow=True)
    assert form_page.status_code == 200
    profile = EditorProfile.objects.get(user=editor)
    assert profile.language == "zh-hans"  # the default
    data = form_data(form_page.content.decode(), form_id="editorprofile_form")
    data["language"] = "en"
    url = reverse("admin:claims_editorprofile_change", args=[profile.pk])
    assert client.post(url, data).status_code == 302

    profile.refresh_from_db()
    assert profile.language == "en"


def test_nobody_opens_another_accounts_settings(client, editor, reviewer):
    theirs = editor_profile_get(user=reviewer)
    client.force_login(editor)
    url = reverse("admin:claims_editorprofile_change", args=[theirs.pk])
    response = client.post(url, {"language": "en"})
    assert response.status_code in (302, 403, 404)
    theirs.refresh_from_db()
    assert theirs.language == "zh-hans"
    assert client.get(url, follow=True).redirect_chain[-1][0] == reverse("admin:index")
