"""Atom feeds of the public rating changes of a speaker's claims, a topic's,
and a search's: the site feed's entries (``reader.feeds``), for the claims
a follower of that speaker, topic or search follows."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from claims import selectors
from claims.jsonld import absolute_url
from claims.labels import in_language, marked
from reader.feeds import SiteAuthored
from reader.filters import ClaimListFilter

from .services.targets import Target, TargetInvalid, target_resolve

FEED_ENTRIES = 30


class FollowedFeed(SiteAuthored, Feed):
    """A speaker's or a topic's feed: ``kind`` names the target, ``url_name``
    the feed's route; subclasses give the title."""

    kind: str
    url_name: str

    def get_object(self, request: HttpRequest, slug: str) -> Target:
        try:
            return target_resolve(self.kind, slug)
        except TargetInvalid as error:
            raise Http404 from error

    def link(self, obj: Target) -> str:
        return obj.page_url()

    def feed_url(self, obj: Target) -> str:
        return absolute_url(reverse(self.url_name, kwargs={"slug": obj.value}))

    def feed_guid(self, obj: Target) -> str:
        return self.feed_url(obj)

    def items(self, obj: Target) -> list[selectors.PublicEvent]:
        claims = (
            selectors.claim_list_public().filter(speaker=obj.speaker)
            if obj.speaker is not None
            else selectors.claim_list_public().filter(topics=obj.topic)
        )
        return selectors.claim_events_recent(limit=FEED_ENTRIES, claims=claims)


class SpeakerFeed(FollowedFeed):
    kind = "speaker"
    url_name = "follows:speaker-feed"

    def title(self, obj: Target) -> str:
        return _("Rating changes: claims by %(speaker)s") % {
            "speaker": marked(in_language(obj.speaker, "name"))
        }


class TopicFeed(FollowedFeed):
    kind = "topic"
    url_name = "follows:topic-feed"

    def title(self, obj: Target) -> str:
        return _("Rating changes: claims on %(topic)s") % {
            "topic": marked(in_language(obj.topic, "name"))
        }


class SearchFeed(SiteAuthored, Feed):
    """The claim list's search and filters (its query string) as a feed."""

    def get_object(self, request: HttpRequest) -> Target:
        try:
            return target_resolve("search", request.GET.urlencode())
        except TargetInvalid as error:
            raise Http404 from error

    def title(self, obj: Target) -> str:
        return _("Rating changes: %(target)s") % {"target": obj.label()}

    def link(self, obj: Target) -> str:
        return obj.page_url()

    def feed_url(self, obj: Target) -> str:
        return absolute_url(f"{reverse('follows:search-feed')}?{self._query(obj)}")

    def feed_guid(self, obj: Target) -> str:
        return self.feed_url(obj)

    def items(self, obj: Target) -> list[selectors.PublicEvent]:
        claim_filter = ClaimListFilter(
            QueryDict(self._query(obj)), queryset=selectors.claim_list_public()
        )
        return selectors.claim_events_recent(limit=FEED_ENTRIES, claims=claim_filter.qs)

    @staticmethod
    def _query(obj: Target) -> str:
        """A search that names only a speaker or a topic resolves to it."""
        if obj.speaker is not None:
            return f"speaker={obj.speaker.slug}"
        if obj.topic is not None:
            return f"topic={obj.topic.slug}"
        return obj.query
