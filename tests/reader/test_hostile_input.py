"""Hostile query strings on the reader's claim list: a form error, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reader.filters import ClaimListFilter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["speaker", "article", "rating", "topic", "q", "kind"])
@pytest.mark.parametrize("value", ["\x00", "a\x00b", "x" * 5000])
def test_hostile_filter_values_are_refused_not_a_server_error(
    published_claim, no_page_cache, name, value
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = client.get(reverse("claims:list"), {name: value})

    assert response.status_code in (200, 400), response.status_code


@pytest.mark.parametrize("name", ["speaker", "article"])
def test_a_nul_byte_in_speaker_or_article_is_a_form_error(
    published_claim, no_page_cache, name
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = client.get(reverse("claims:list") + f"?{name}=%00")

    # Refused like an unknown slug: the list is shown unfiltered.
    assert response.status_code == 200
    assert published_claim.slug in response.content.decode()
    assert "\x00" not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        (name, value)
        for name in ("speaker", "article", "rating", "topic", "q")
        for value in ("\x00", "a\x00b", "x" * 300)
        if name != "q" or "\x00" in value  # a long search is a search
    ],
)
def test_the_filter_form_refuses_what_no_slug_can_be(published_claim, name, value):
    """Refused by the form, before any query (PostgreSQL cannot compare NUL)."""
    claim_filter = ClaimListFilter({name: value})

    assert not claim_filter.form.is_valid()
    assert name in claim_filter.form.errors


# The top of each menu: the latest claims' most quoted speakers, or the most
# recent articles, one query each.
@pytest.mark.parametrize(("name", "queries"), [("speaker", 1), ("article", 1)])
def test_the_menu_does_not_look_up_a_chosen_value_no_slug_can_be(
    published_claim, name, queries, django_assert_num_queries
):
    claim_filter = ClaimListFilter({name: "a\x00b"})
    choices = claim_filter.form.fields[name].widget.choices

    with django_assert_num_queries(queries):  # the top of the menu, no lookup
        assert all("\x00" not in slug for slug, _label in list(choices))
