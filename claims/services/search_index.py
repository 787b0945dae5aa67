"""The search index: each claim's document written from ``SEARCH_FIELDS``.

Called by the services that change indexed text, once each: claim create
and update (claims.py), evidence create, update and delete (evidence.py),
speaker and article saves (catalogue.py). ``search_index_rebuild`` (the
``rebuild_search_index`` command, migration 0010) writes every document
again. The database keeps its own index of the documents (GIN or FTS5,
``claims.search.backends``) current by itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from claims.models import SEARCH_FIELDS, WEIGHTS
from claims.search.text import index_tokens
from claims.selectors.search import claim_search_texts

BATCH = 500


def _texts(claim_model, ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """Each claim's texts by weight."""
    texts: dict[int, dict[str, list[str]]] = {}
    found = claim_search_texts(ids=ids, model=claim_model)
    for pk, fields in found.items():
        weights: dict[str, list[str]] = {weight: [] for weight in WEIGHTS}
        for search_field, text in fields:
            weights[search_field.weight].append(text)
        texts[pk] = weights
    return texts


def _models(apps: Any) -> tuple[Any, Any]:
    """The claim and search document models: the project's, or a
    migration's historical ones (``apps``)."""
    if apps is None:
        from django.apps import apps as project_apps

        apps = project_apps
    registry: Any = apps
    return (
        registry.get_model("claims", "Claim"),
        registry.get_model("claims", "ClaimSearchDocument"),
    )


def _write(apps: Any, ids: list[int]) -> None:
    claim_model, document_model = _models(apps)
    texts = _texts(claim_model, ids)
    document_model._default_manager.filter(claim_id__in=ids).delete()
    document_model._default_manager.bulk_create(
        document_model(
            claim_id=pk,
            **{
                f"words_{weight.lower()}": index_tokens("\n".join(weights[weight]))
                for weight in WEIGHTS
            },
        )
        for pk, weights in texts.items()
    )


def search_index_claims(*, claim_ids: Iterable[int], apps: Any = None) -> None:
    """Write the search documents of these claims from what they hold now."""
    ids = sorted({pk for pk in claim_ids if pk is not None})
    for start in range(0, len(ids), BATCH):
        _write(apps, ids[start : start + BATCH])


def search_index_related(*, instance: models.Model) -> None:
    """Write again the documents of the claims that show ``instance`` (a
    speaker or an article, by ``SEARCH_FIELDS``)."""
    claim_model, _document_model = _models(None)
    relations = {
        field.path.split("__")[0]
        for field in SEARCH_FIELDS
        if "__" in field.path
        and claim_model._meta.get_field(field.path.split("__")[0]).related_model
        is type(instance)
    }
    for relation in relations:
        ids = claim_model._default_manager.filter(**{relation: instance}).values_list(
            "pk", flat=True
        )
        search_index_claims(claim_ids=list(ids))


def search_index_rebuild(*, apps: Any = None) -> int:
    """Write every claim's document again; returns how many were written."""
    claim_model, document_model = _models(apps)
    with transaction.atomic():
        document_model._default_manager.all().delete()
        ids = list(claim_model._default_manager.values_list("pk", flat=True))
        search_index_claims(claim_ids=ids, apps=apps)
    return len(ids)
