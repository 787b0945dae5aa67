"""Versions of what reader pages show: one token per claim and per family.

Every cached page and fragment is stored with the tokens of what it shows,
read before the data it shows; a stored value whose tokens are no longer
all current is a miss. A change replaces the tokens of what it touches:

- ``claim:<id>`` (``claim_version``): the claim's page and its row wherever
  a list shows it. Its evidence, flags, appearances and topics replace it too,
  and so does a change to its speaker, an article it appears in or one of its
  topics.
- ``lists`` (``LISTS``): every page that lists or counts public claims: the
  claim list and its filters, the home page, speaker and article pages,
  corrections, feeds, sitemaps and the API list. Replaced by a change to a
  public claim that a list shows (its text, rating, state, deadline,
  speaker, topics, appearances) and to speakers, articles and topics of
  public claims, never by a check of a link's health: no list shows it.
- ``site`` (``SITE``): what every page shows: rating labels and colours,
  reason codes. ``pages_changed()`` with no names replaces it, which makes
  every cached page stale (after a deploy that changes templates).

A draft that never was public replaces nothing a reader sees.

Tokens are random and kept for ``VERSION_SECONDS``: a token the cache lost is
read as a new one, so what was stored under the old one is a miss, never
served stale. If the cache is down (django-redis with ``IGNORE_EXCEPTIONS``),
reads return nothing and writes are dropped: pages render uncached.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from redis.exceptions import RedisError

from tracker.redis_cache import cache_redis

SITE = "site"
LISTS = "lists"
# What a page shows unless its view says otherwise (``reader_page``).
PAGE_FAMILIES = (SITE, LISTS)
KEY_PREFIX = "reader-pages:version:"
# Long beyond any page's or fragment's lifetime; a lost token only costs misses.
VERSION_SECONDS = 24 * 60 * 60


def claim_version(pk: int) -> str:
    return f"claim:{pk}"


def version_key(name: str) -> str:
    return KEY_PREFIX + name


def _token() -> str:
    return secrets.token_hex(8)


@dataclass(frozen=True)
class Versions:
    """Tokens read from the cache, by name."""

    tokens: Mapping[str, str] = field(default_factory=dict)

    def stamp(self, names: Iterable[str]) -> str | None:
        """The tokens of ``names`` as one string; None when one is unknown."""
        try:
            return ".".join(self.tokens[name] for name in names)
        except KeyError:
            return None

    def merged(self, other: Versions) -> Versions:
        return Versions({**self.tokens, **other.tokens})


def cache_read(
    keys: Iterable[str], names: Iterable[str], *, known: Versions | None = None
) -> tuple[dict[str, Any], Versions]:
    """The values stored under ``keys`` and the versions ``names``, in one
    cache round trip (``get_many``).

    Versions in ``known`` are taken as they are. A version the cache does not
    hold is given a new token, written before anything is rendered under it.
    """
    known = known or Versions()
    wanted = [name for name in dict.fromkeys(names) if name not in known.tokens]
    keys = list(keys)
    found = cache.get_many([*keys, *map(version_key, wanted)])
    tokens = dict(known.tokens)
    missing = []
    for name in wanted:
        token = found.pop(version_key(name), None)
        if token is None:
            missing.append(name)
        else:
            tokens[name] = token
    created = _created([version_key(name) for name in missing])
    tokens.update((name, created[version_key(name)]) for name in missing)
    return found, Versions(tokens)


def _created(keys: list[str]) -> dict[str, str]:
    """New tokens for versions the cache does not hold, or the ones another
    process created first (``add``: every reader settles on one). On Redis
    one round trip however many (a list page after the cache was emptied
    asks for fifty), else one ``add`` each."""
    tokens = {key: _token() for key in keys}
    if not keys:
        return tokens
    redis = cache_redis()
    if redis is None:
        for key, token in tokens.items():
            if not cache.add(key, token, VERSION_SECONDS):
                # None: the cache is down; nothing is stored under this token.
                tokens[key] = cache.get(key) or token
        return tokens
    try:
        pipeline = redis.pipeline(transaction=False)
        for key, token in tokens.items():
            pipeline.set(
                cache.make_key(key),
                cache.client.encode(token),
                nx=True,
                px=VERSION_SECONDS * 1000,
            )
        added = pipeline.execute()
    except RedisError:
        return tokens  # the cache is down: nothing is stored under these
    taken = [key for key, new in zip(tokens, added, strict=True) if not new]
    if taken:
        tokens.update(cache.get_many(taken))
    return tokens


def versions_read(names: Iterable[str], *, known: Versions | None = None) -> Versions:
    """The current versions ``names`` (one ``get_many``)."""
    return cache_read((), names, known=known)[1]


# Versions replaced per ``set_many``: a scan that flags a hundred thousand
# claims replaces their versions a thousand at a time, not in one pipeline
# of a hundred thousand commands (tens of megabytes a worker keeps).
VERSIONS_PER_WRITE = 1000


def pages_invalidate(*names: str) -> None:
    """Replace the versions ``names`` (``site`` when none is named: every
    cached page and fragment), ``VERSIONS_PER_WRITE`` to a ``set_many``."""
    names = names or (SITE,)
    for start in range(0, len(names), VERSIONS_PER_WRITE):
        batch = names[start : start + VERSIONS_PER_WRITE]
        cache.set_many({version_key(name): _token() for name in batch}, VERSION_SECONDS)


def pages_changed(*names: str) -> None:
    """Replace the versions ``names`` now and again when the current
    transaction commits (``site`` when none is named).

    For writes that send no signals (``QuerySet.update()``, ``bulk_create``).
    The second time matters: a page rendered between the write and the
    commit would otherwise be stored under the new version with the old data.
    """
    names = tuple(dict.fromkeys(names)) or (SITE,)
    pages_invalidate(*names)
    transaction.on_commit(partial(pages_invalidate, *names))


def claims_changed(claim_ids: Iterable[int], *, listed: bool = True) -> None:
    """``pages_changed`` for these claims' pages and, when ``listed``, the
    lists (what a list shows of them changed, or whether it shows them)."""
    names = [claim_version(pk) for pk in claim_ids]
    if names or listed:
        pages_changed(*names, *([LISTS] if listed else []))


# --- What each model's change replaces -------------------------------------------


def _ever_public(claim) -> bool:
    """Whether readers can see or have seen this claim (its pages may be
    cached): public now, published once, or public before this save."""
    from claims.models import PUBLIC_STATES

    return (
        claim.state in PUBLIC_STATES
        or claim.published_at is not None
        or getattr(claim, "_was_public", False)
    )


def _claim_before_save(sender, instance, raw=False, **kwargs) -> None:
    from claims.models import PUBLIC_STATES, Claim

    if raw or instance.pk is None or _ever_public(instance):
        return
    # Sent back or unpublished: its cached page must go.
    instance._was_public = Claim.objects.filter(
        pk=instance.pk, state__in=PUBLIC_STATES
    ).exists()


def _claim_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw or not _ever_public(instance):
        return
    claims_changed([instance.pk])


def _public_claim_ids(condition: Q) -> list[int]:
    """Ids of the claims matching ``condition`` that readers see or saw."""
    from claims.models import PUBLIC_STATES, Claim

    return list(
        Claim.objects.filter(
            Q(state__in=PUBLIC_STATES) | Q(published_at__isnull=False), condition
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def _claim_part_changed(sender, instance, raw=False, **kwargs) -> None:
    """Evidence and flags: shown on the claim's page only."""
    if raw:
        return
    pages_changed(claim_version(instance.claim_id))


def _appearance_changed(sender, instance, raw=False, **kwargs) -> None:
    """An appearance shows on the claim's page and lists it on the article's."""
    if raw:
        return
    ids = _public_claim_ids(Q(pk=instance.claim_id))
    if ids:
        claims_changed(ids)


def _topics_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if reverse and action == "pre_clear":  # topic.claims.clear(): note whose
        instance._cleared_claims = _public_claim_ids(Q(topics=instance))
        return
    if not action.startswith("post_"):
        return
    if not reverse:
        ids = _public_claim_ids(Q(pk=instance.pk))
    elif action == "post_clear":
        ids = getattr(instance, "_cleared_claims", [])
    else:  # topic.claims.add(...): pk_set holds claims
        ids = _public_claim_ids(Q(pk__in=pk_set or ()))
    if ids:
        claims_changed(ids)


def _catalogue_changed(condition, sender, instance, raw=False, **kwargs) -> None:
    """A speaker, article or topic: shown on the pages and rows of its public
    claims, in the lists' menus and on its own page."""
    if raw:
        return
    ids = _public_claim_ids(condition(instance))
    if ids or kwargs.get("signal") is post_delete:
        claims_changed(ids)


def _site_changed(sender, raw=False, **kwargs) -> None:
    if not raw:
        pages_changed(SITE)


def connect_signals() -> None:
    """Replace the versions of what each change shows."""
    from claims.models import (
        Appearance,
        Article,
        Claim,
        Evidence,
        Flag,
        Rating,
        RatingScale,
        ReasonCode,
        Speaker,
        Topic,
    )

    def connect(handler, model) -> None:
        uid = f"reader-pages-{model.__name__}"
        # weak=False: some handlers are partials held nowhere else.
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(
            handler, sender=model, weak=False, dispatch_uid=f"{uid}-delete"
        )

    pre_save.connect(_claim_before_save, sender=Claim, dispatch_uid="reader-pages-pre")
    connect(_claim_changed, Claim)
    connect(_claim_part_changed, Evidence)
    connect(_claim_part_changed, Flag)
    connect(_appearance_changed, Appearance)
    connect(partial(_catalogue_changed, lambda speaker: Q(speaker=speaker)), Speaker)
    connect(
        partial(
            _catalogue_changed,
            lambda article: Q(article=article) | Q(appearances__article=article),
        ),
        Article,
    )
    connect(partial(_catalogue_changed, lambda topic: Q(topics=topic)), Topic)
    for model in (Rating, RatingScale, ReasonCode):
        connect(_site_changed, model)
    m2m_changed.connect(
        _topics_changed, sender=Claim.topics.through, dispatch_uid="reader-pages-topics"
    )
