"""The list's article and speaker menus: the most recent articles, the speakers
with the most public claims, the chosen one, and their cached fragment."""

from datetime import date

import pytest

from reader.filters import ClaimListFilter
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory
from tests.helpers.page_changes import speaker_name
from tests.helpers.pages import url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(monkeypatch):
    monkeypatch.setattr(ClaimListFilter, "ARTICLE_CHOICES", 2)
    made = []
    for day in (1, 2, 3):
        article = ArticleFactory(published_on=date(2024, 5, day))
        ClaimFactory(published=True, article=article, text=f"声明{day}")
        made.append(article)
    return made  # oldest first


def test_the_menu_lists_only_the_most_recent_articles(client, articles):
    html = client.get(url_in("en", "claims:list")).content.decode()
    oldest, middle, newest = articles
    assert f'value="{newest.slug}"' in html
    assert f'value="{middle.slug}"' in html
    assert f'value="{oldest.slug}"' not in html


def test_an_older_article_still_filters_and_stays_chosen(client, articles):
    oldest = articles[0]
    response = client.get(url_in("en", "claims:list"), {"article": oldest.slug})
    html = response.content.decode()
    # Chosen; a title with no English version is marked as Chinese.
    assert f'<option value="{oldest.slug}" selected lang="zh-hans">' in html
    assert "声明1" in html
    assert "声明2" not in html and "声明3" not in html


def test_an_unknown_article_is_still_refused(client, articles):
    draft_only = ArticleFactory()
    ClaimFactory(article=draft_only, state="draft")
    response = client.get(url_in("en", "claims:list"), {"article": draft_only.slug})
    assert f'value="{draft_only.slug}"' not in response.content.decode()


def test_the_menus_are_rendered_once_per_generation(
    client, no_page_cache, django_assert_max_num_queries
):
    """The speaker and article menus are in a fragment, not queried per request."""
    claim = ClaimFactory(published=True)
    url = url_in("en", "claims:list")
    with django_assert_max_num_queries(8) as first:
        client.get(url)
    with django_assert_max_num_queries(8) as second:
        response = client.get(url)
    assert len(second.captured_queries) < len(first.captured_queries)
    article_queries = [
        query["sql"]
        for query in second.captured_queries
        if query["sql"].startswith('SELECT "claims_article"')
    ]
    assert article_queries == []
    assert f'value="{claim.speaker.slug}"' in response.content.decode()
    rename = speaker_name(claim)
    assert rename in client.get(url).content.decode()


@pytest.fixture
def speakers(monkeypatch):
    monkeypatch.setattr(ClaimListFilter, "SPEAKER_CHOICES", 2)
    made = []
    for count, name in ((1, "Cee"), (3, "Bee"), (2, "Ay")):
        speaker = SpeakerFactory(name=name)
        ClaimFactory.create_batch(count, published=True, speaker=speaker)
        made.append(speaker)
    # Drafts do not count: this would make "Cee" the most claimed.
    ClaimFactory.create_batch(5, state="draft", speaker=made[0])
    return made


def test_the_menu_lists_the_most_claimed_speakers_by_name(client, speakers):
    html = client.get(url_in("en", "claims:list")).content.decode()
    least, most, middle = speakers
    assert f'value="{least.slug}"' not in html
    assert html.index(f'value="{middle.slug}"') < html.index(f'value="{most.slug}"')


def test_a_less_quoted_speaker_still_filters_and_stays_chosen(client, speakers):
    least = speakers[0]
    response = client.get(url_in("en", "claims:list"), {"speaker": least.slug})
    assert f'<option value="{least.slug}" selected>' in response.content.decode()
    assert "1 claim" in response.content.decode()


def test_each_menu_is_the_html_djangos_own_select_template_writes(articles):
    """The list's menus are written in Python (``LocalSelect.render``): the
    same bytes as Django's ``select.html``, a chosen option and an option in
    the other language included."""
    from django import forms
    from django.utils import translation

    chosen = articles[0].slug
    with translation.override("en"):
        form = ClaimListFilter(
            {"article": chosen, "sort": "recent"}, queryset=None
        ).form
        menus = [name for name in form.fields if name != "q"]
        assert len(menus) == 7  # rating, kind, speaker, article, topic, ...
        for name in menus:
            field = form[name]
            widget = field.field.widget
            ours = str(field)
            attrs = field.build_widget_attrs({"id": field.auto_id}, widget)
            theirs = forms.Select.render(
                widget, field.html_name, field.value(), attrs=attrs
            )
            assert ours == theirs, name
        assert f'value="{chosen}" selected lang="zh-hans"' in str(form["article"])
