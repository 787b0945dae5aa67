"""Hypothesis over the admin's change lists: any filter, search, ordering or
page parameter, with any value, answers without a server error (fixed seed,
bounded examples; tests/helpers/fuzzing.py)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import ClaimFactory, EvidenceFactory, FlagFactory, UserFactory
from tests.helpers.fuzzing import fuzz_settings, query_strings

pytestmark = pytest.mark.django_db

# What Django's change list reads itself, beside each admin's filters.
CHANGELIST_PARAMETERS = ["q", "o", "p", "all", "e", "_facets", "_to_field", "_popup"]


def changelists() -> dict[str, list[str]]:
    """Each registered change list and the parameters its filters read."""
    lists = {}
    for model, model_admin in admin.site._registry.items():
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        )
        keys = list(CHANGELIST_PARAMETERS)
        for entry in model_admin.list_filter:
            if isinstance(entry, str):
                keys += [entry, f"{entry}__exact", f"{entry}__id__exact"]
                keys += [f"{entry}__isnull", f"{entry}__gte", f"{entry}__lt"]
            elif hasattr(entry, "parameter_name"):
                keys.append(entry.parameter_name)
        keys += [f"{field.name}__exact" for field in model._meta.fields]
        lists[url] = keys
    return lists


@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_fuzzed_changelist_filters_never_answer_a_server_error(who):
    claim = ClaimFactory(published=True)
    FlagFactory(claim=claim)
    EvidenceFactory(claim=claim)
    user = (
        UserFactory(username="root", is_superuser=True, is_staff=True)
        if who == "superuser"
        else UserFactory(username="editor-fuzz", group="Editors")
    )
    client = Client()
    client.force_login(user)
    lists = changelists()
    urls = sorted(lists)

    @fuzz_settings(max_examples=150)
    @given(data=st.data())
    def check(data):
        url = data.draw(st.sampled_from(urls))
        query = data.draw(query_strings(lists[url]))
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, (url, query)

    check()
