"""The demo accounts can be told by mail: each has an address and a language."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims.models import EditorProfile
from claims.services.notifications import recipients

pytestmark = pytest.mark.django_db


def test_demo_users_get_addresses_and_languages(capsys):
    call_command("create_demo_users", password="pw-demo")
    call_command("create_demo_users", password="pw-demo")  # twice: same rows

    users = get_user_model().objects.filter(username__in=["editor", "reviewer"])
    found = {r.address: r.language for r in recipients(users)}
    assert found == {"editor@example.org": "zh-hans", "reviewer@example.org": "en"}
    assert EditorProfile.objects.count() == 2
    assert "reviewer@example.org" in capsys.readouterr().out
