"""Editors preview a draft, or a pending revision, on the reader's claim page:
marked as a preview, never cached, never indexed; a 404 for everyone else."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.models import EditorialState
from tests.factories import ClaimFactory, UserFactory
from tests.helpers.claims import propose
from tests.helpers.pages import text_of, url_in

pytestmark = pytest.mark.django_db

SECRET = "尚未发布的预览声明"


@pytest.fixture
def draft(db):
    return ClaimFactory(
        slug="draft-preview",
        text=SECRET,
        text_en="A claim not yet published",
        state=EditorialState.DRAFT,
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_private_and_noindex(response) -> None:
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert "X-Page-Cache" not in response


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_editor_previews_a_draft_as_readers_would_see_it(draft, editor, language):
    response = signed_in(editor).get(
        url_in(language, "claims:preview", slug=draft.slug)
    )

    assert response.status_code == 200
    text = text_of(response)
    assert SECRET in text
    banner = "Preview — not published" if language == "en" else "预览——尚未发布"
    assert banner in text
    assert_private_and_noindex(response)


def test_anonymous_readers_get_the_404_of_an_unknown_slug(client, draft):
    response = client.get(url_in("en", "claims:preview", slug=draft.slug))
    unknown = client.get(url_in("en", "claims:preview", slug="no-such-claim"))

    assert response.status_code == unknown.status_code == 404
    assert SECRET not in response.content.decode()
    # The same page as for a slug that never existed (its own address aside).
    assert response.content.replace(draft.slug.encode(), b"?") == (
        unknown.content.replace(b"no-such-claim", b"?")
    )
    # Asked again, still not found: nothing was stored for the next reader.
    assert client.get(url_in("en", "claims:preview", slug=draft.slug)).status_code == (
        404
    )


def test_signed_in_accounts_without_editor_rights_get_404(draft):
    outsider = UserFactory(username="outsider", is_staff=False)
    response = signed_in(outsider).get(url_in("en", "claims:preview", slug=draft.slug))
    assert response.status_code == 404


def test_a_preview_is_never_served_from_the_page_cache(client, draft, editor):
    editor_client = signed_in(editor)
    url = url_in("en", "claims:preview", slug=draft.slug)
    assert editor_client.get(url).status_code == 200
    assert client.get(url).status_code == 404  # the anonymous reader after


def test_a_pending_revision_is_previewed_applied_in_memory(
    published_claim, editor, reviewer
):
    revision = propose(
        published_claim, author=editor, fields={"text": "小米AI团队超过3000人。"}
    )
    response = signed_in(reviewer).get(
        url_in("en", "claims:revision-preview", pk=revision.pk)
    )

    assert response.status_code == 200
    text = text_of(response)
    assert "小米AI团队超过3000人。" in text
    assert f"This is revision {revision.pk} applied to the claim" in text
    assert_private_and_noindex(response)
    # Nothing was written: readers still see the published text.
    public = Client().get(url_in("en", "claims:detail", slug=published_claim.slug))
    assert "小米AI团队超过1200人。" in public.content.decode()
    assert "3000" not in public.content.decode()
    anonymous = Client().get(url_in("en", "claims:revision-preview", pk=revision.pk))
    assert anonymous.status_code == 404


def test_a_public_claims_preview_is_its_page(published_claim, editor):
    response = signed_in(editor).get(
        url_in("en", "claims:preview", slug=published_claim.slug)
    )
    assert response.status_code == 302
    assert response.url == url_in("en", "claims:detail", slug=published_claim.slug)
