"""Page addresses from slugs (``slug_path``) are the ones Django's URL
reversal gives, in each language and under a script prefix, and a slug the
route refuses is refused as before."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from claims.models import Article, Claim, Speaker
from claims.models.paths import slug_path


@pytest.mark.parametrize("model", [Claim, Speaker, Article])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_address_is_the_one_reverse_gives(model, language):
    with translation.override(language):
        for slug in ("xiaomi-car-2024", "a_1", "slug-placeholder-2"):
            expected = reverse(model.page_route, kwargs={"slug": slug})
            assert model(slug=slug).get_absolute_url() == expected
            assert expected.startswith(f"/{language}/")


def test_an_address_under_a_script_prefix_carries_it():
    try:
        set_script_prefix("/tracker/")
        with translation.override("en"):
            assert slug_path("claims:detail", "c-1") == "/tracker/en/claims/c-1/"
    finally:
        set_script_prefix("/")
    with translation.override("en"):
        assert slug_path("claims:detail", "c-1") == "/en/claims/c-1/"


@pytest.mark.parametrize("slug", ["", "小米汽车", "a/b", "a b"])
def test_a_slug_the_route_refuses_is_refused(slug):
    with translation.override("en"), pytest.raises(NoReverseMatch):
        slug_path("claims:detail", slug)
