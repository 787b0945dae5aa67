"""What a reader may follow: a published claim, a speaker or a topic with
public claims, or a search of the claim list (its normalised query string).

A search that is only a speaker or only a topic is that speaker or topic;
the search and its filters match claims exactly as the claim list does
(``reader.filters.ClaimListFilter`` over ``claims.selectors``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from claims import selectors
from claims.jsonld import absolute_url
from claims.labels import in_language, marked
from claims.models import Claim, EditorialState, Speaker, Topic
from follows.models import Subscription, TargetKind
from reader.filters import ClaimListFilter

# The list's parameters a saved search keeps: every filter but the order.
SEARCH_PARAMETERS = tuple(
    name for name in ClaimListFilter.base_filters if name != "sort"
)
LABEL_LENGTH = 80


class TargetInvalid(ValueError):
    """Nothing a reader can follow has this name (or it is no longer public)."""


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    claim: Claim | None = None
    speaker: Speaker | None = None
    topic: Topic | None = None
    query: str = ""

    @property
    def value(self) -> str:
        """The target's name in a follow form and a pending request."""
        if self.kind == TargetKind.SEARCH:
            return self.query
        row = self.claim or self.speaker or self.topic
        assert row is not None
        return row.slug

    def subscriptions(self):
        """The subscriptions to this target (any subscriber)."""
        if self.kind == TargetKind.SEARCH:
            return Subscription.objects.filter(
                target_kind=TargetKind.SEARCH, query=self.query
            )
        return Subscription.objects.filter(
            **{self.kind: self.claim or self.speaker or self.topic}
        )

    def label(self) -> str:
        """The target in the active language, for pages and mails."""
        if self.claim is not None:
            text = marked(in_language(self.claim, "text"))
            if len(text) > LABEL_LENGTH:
                text = text[: LABEL_LENGTH - 1] + "…"
            return _("the claim “%(claim)s”") % {"claim": text}
        if self.speaker is not None:
            return _("claims by %(speaker)s") % {
                "speaker": marked(in_language(self.speaker, "name"))
            }
        if self.topic is not None:
            return _("claims on %(topic)s") % {
                "topic": marked(in_language(self.topic, "name"))
            }
        return _("claims matching the search “%(search)s”") % {
            "search": search_words(self.query)
        }

    def page_url(self) -> str:
        """The target's page in the active language, absolute."""
        if self.claim is not None:
            return absolute_url(self.claim.get_absolute_url())
        if self.speaker is not None:
            return absolute_url(self.speaker.get_absolute_url())
        query = (
            urlencode({"topic": self.topic.slug})
            if self.topic is not None
            else self.query
        )
        return absolute_url(f"{reverse('claims:list')}?{query}")


def search_words(query: str) -> str:
    """A saved search as a reader reads it: the words, then the filters."""
    data = QueryDict(query)
    parts = [data["q"]] if data.get("q") else []
    parts += [
        f"{name}={data[name]}"
        for name in SEARCH_PARAMETERS
        if name != "q" and data.get(name)
    ]
    return ", ".join(parts)


def search_normalise(query: str) -> str:
    """The list's filters in ``query`` as one canonical string (the
    followed parameters only, sorted, blanks dropped); raises
    ``TargetInvalid`` for filters the list refuses or for no filter at all."""
    data = QueryDict(query)
    kept = [
        (name, data.get(name, "").strip())
        for name in sorted(SEARCH_PARAMETERS)
        if data.get(name, "").strip()
    ]
    if not kept:
        raise TargetInvalid(_("Search or choose a filter first."))
    canonical = QueryDict(urlencode(kept))
    claim_filter = ClaimListFilter(canonical, queryset=selectors.claim_list_public())
    if not claim_filter.is_valid():
        raise TargetInvalid(_("These filters are not valid."))
    return urlencode(kept)


def target_resolve(kind: str, value: str) -> Target:
    """The public target ``kind`` and ``value`` name; raises ``TargetInvalid``."""
    value = (value or "").strip()
    if not value or len(value) > 500 or "\x00" in value:
        raise TargetInvalid(_("Nothing to follow here."))
    if kind == TargetKind.CLAIM:
        claim = (
            Claim.objects.public()
            .filter(slug=value, state=EditorialState.PUBLISHED)
            .select_related("speaker")
            .first()
        )
        if claim is None:
            raise TargetInvalid(_("This claim cannot be followed."))
        return Target(kind=TargetKind.CLAIM, claim=claim)
    if kind == TargetKind.SPEAKER:
        speaker = selectors.speaker_list_public().filter(slug=value).first()
        if speaker is None:
            raise TargetInvalid(_("This speaker cannot be followed."))
        return Target(kind=TargetKind.SPEAKER, speaker=speaker)
    if kind == TargetKind.TOPIC:
        topic = Topic.objects.filter(
            Exists(Claim.objects.public().filter(topics=OuterRef("pk"))),
            slug=value,
        ).first()
        if topic is None:
            raise TargetInvalid(_("This topic cannot be followed."))
        return Target(kind=TargetKind.TOPIC, topic=topic)
    if kind == TargetKind.SEARCH:
        query = search_normalise(value)
        data = QueryDict(query)
        if list(data) == ["speaker"]:
            return target_resolve(TargetKind.SPEAKER, data["speaker"])
        if list(data) == ["topic"]:
            return target_resolve(TargetKind.TOPIC, data["topic"])
        return Target(kind=TargetKind.SEARCH, query=query)
    raise TargetInvalid(_("Nothing to follow here."))


def target_of(subscription: Subscription) -> Target:
    return Target(
        kind=TargetKind(subscription.target_kind),
        claim=subscription.claim,
        speaker=subscription.speaker,
        topic=subscription.topic,
        query=subscription.query,
    )


def claim_matches_search(*, claim: Claim, query: str) -> bool:
    """Whether the claim list filtered by ``query`` lists ``claim`` (the
    list's own filters and search, on this one claim)."""
    claim_filter = ClaimListFilter(
        QueryDict(query),
        queryset=selectors.claim_list_public().filter(pk=claim.pk),
    )
    if not claim_filter.is_valid():
        return False
    return claim_filter.qs.exists()
