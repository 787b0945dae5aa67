"""The search index follows every write, keeps drafts from readers, and is
read through its index (GIN on PostgreSQL). SQLite and PostgreSQL alike,
except the query plan."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from claims import selectors
from claims.models import ClaimSearchDocument, EditorialState
from claims.reasons import ChangeReason
from claims.services.catalogue import catalogue_save
from claims.services.evidence import evidence_create, evidence_delete, evidence_update
from claims.services.search_index import search_index_rebuild
from tests.factories import ClaimFactory, SpeakerFactory
from tests.helpers.api import slugs, token_client
from tests.helpers.claims import change_public_claim
from tests.helpers.html_forms import form_data

pytestmark = pytest.mark.django_db


def public_matches(query: str) -> list[str]:
    claims = selectors.claim_search(queryset=selectors.claim_list_public(), query=query)
    return list(claims.values_list("slug", flat=True))


def test_an_edited_claim_is_found_by_its_new_words_only(editor, reviewer):
    claim = ClaimFactory(published=True, text="小米汽车将于2024年量产", quote="")
    assert public_matches("量产") == [claim.slug]

    # A public claim's new text, proposed and approved by a second person.
    change_public_claim(
        claim,
        author=editor,
        approver=reviewer,
        fields={"text": "小米手机销量下降", "text_en": "Xiaomi phone sales fell"},
    )

    assert public_matches("量产") == []
    assert public_matches("手机 销量") == [claim.slug]
    assert public_matches("phone sale") == [claim.slug]


def test_evidence_added_edited_and_removed_moves_the_claim_in_and_out():
    # Written as the seed loader does (no account): the point is the index.
    claim = ClaimFactory(published=True)
    evidence = evidence_create(
        claim=claim,
        user=None,
        fields={"url": "https://example.org/su7", "title": "SU7 launch"},
    )
    assert public_matches("su7") == [claim.slug]

    evidence_update(
        evidence=evidence, user=None, fields={"note": "Deliveries began in April"}
    )
    assert public_matches("deliveries april") == [claim.slug]

    evidence_delete(evidence=evidence, user=None)
    assert public_matches("su7") == []


def test_a_renamed_speaker_finds_their_claims_by_the_new_name():
    speaker = SpeakerFactory(name="雷军", name_en="Lei Jun")
    claim = ClaimFactory(published=True, speaker=speaker)

    speaker.name_en = "Leijun Xiaomi Founder"
    catalogue_save(instance=speaker, user=None, reason=ChangeReason.CHANGED_ADMIN)

    assert public_matches("founder") == [claim.slug]


def test_drafts_are_indexed_but_never_found_by_readers(client, editor):
    anon_client = APIClient()
    draft = ClaimFactory(state=EditorialState.DRAFT, text="草稿里的秘密声明")
    in_review = ClaimFactory(state=EditorialState.IN_REVIEW, text="审核中的秘密声明")
    public = ClaimFactory(published=True, text="公开的声明")

    assert ClaimSearchDocument.objects.filter(claim=draft).exists()
    assert public_matches("秘密") == []
    page = client.get(reverse("claims:list"), {"q": "秘密"}).content.decode()
    assert draft.text not in page and in_review.text not in page
    assert slugs(anon_client.get(reverse("api:claim-list"), {"search": "秘密"})) == []
    # Editors search drafts too, in the API and in the admin.
    assert sorted(
        slugs(token_client(editor).get(reverse("api:claim-list"), {"search": "秘密"}))
    ) == sorted([draft.slug, in_review.slug])
    assert public_matches("声明") == [public.slug]


def test_the_admin_search_box_finds_drafts_without_spaces(client, editor):
    ClaimFactory(text="小米汽车2024年上半年量产", text_en="Xiaomi car mass production")
    ClaimFactory(text="小米AI团队规模", text_en="Xiaomi AI team size")
    client.force_login(editor)

    page = client.get(reverse("admin:claims_claim_changelist"), {"q": "汽车量產"})

    assert "小米汽车2024年上半年量产" in page.content.decode()
    assert "小米AI团队规模" not in page.content.decode()


def test_rebuild_search_index_writes_every_document_again(capsys):
    kept = ClaimFactory(published=True, text="小米汽车量产")
    ClaimSearchDocument.objects.all().delete()
    assert public_matches("量产") == []

    call_command("rebuild_search_index")

    assert public_matches("量产") == [kept.slug]
    assert "Search index rebuilt: 1 claims." in capsys.readouterr().out
    assert search_index_rebuild() == 1


def test_a_deleted_claim_leaves_the_index():
    claim = ClaimFactory(published=True, text="将被删除的声明")
    claim.delete()

    assert public_matches("删除") == []
    assert not ClaimSearchDocument.objects.exists()


def test_a_query_of_punctuation_only_matches_nothing_and_an_empty_one_everything():
    ClaimFactory.create_batch(2, published=True)

    assert public_matches("“”，。!?") == []
    assert len(public_matches("   ")) == 2


def test_search_reads_the_gin_index_on_postgresql():
    """On a table this small the planner would rather read each claim's
    document by id; with sequential and plain index scans and nested loops
    switched off, a document match can only come from an index of the
    documents' words: the GIN index, named in the plan."""
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index is PostgreSQL's")
    ClaimFactory.create_batch(5, published=True)
    with connection.cursor() as cursor:
        for switch in ("seqscan", "indexscan", "nestloop"):
            cursor.execute(f"SET LOCAL enable_{switch} = off")
    # Unbounded: the match and the rank in one query (a reader's search
    # reads its ids by the same match first).
    claims = selectors.claim_search(
        queryset=selectors.claim_list_public(),
        query="小米 汽车 mass production",
        bounded=False,
    )

    plan = claims.order_by("-search_rank").explain()

    assert "claim_search_document_gin" in plan


@pytest.mark.parametrize(
    ("model", "field", "value", "query"),
    [
        ("speaker", "name_en", "Leijun Founder", "founder"),
        ("article", "title", "小米汽车发布会实录", "发布会"),
    ],
)
def test_an_article_or_speaker_edited_in_the_admin_is_searched_by_its_new_text(
    client, reviewer, model, field, value, query
):
    claim = ClaimFactory(published=True)
    instance = getattr(claim, model)
    client.force_login(reviewer)
    url = reverse(f"admin:claims_{model}_change", args=[instance.pk])
    data = form_data(client.get(url).content.decode(), form_id=f"{model}_form")

    response = client.post(url, {**data, field: value})

    assert response.status_code == 302
    assert public_matches(query) == [claim.slug]
