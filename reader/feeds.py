"""Atom feeds of public rating changes: site-wide and one per claim."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from claims import selectors
from claims.labels import in_language
from claims.models import Claim
from claims.selectors import PublicEvent, TimelineEntry


def event_title(claim: Claim, entry: TimelineEntry) -> str:
    """The entry's title in the reader's language: the rating's label and the
    claim's text in that language where it exists (``claims.labels``)."""
    text = in_language(claim, "text").text
    rating = entry.rating.label if entry.rating else ""
    if entry.event == "rerated":
        previous = entry.previous_rating.label if entry.previous_rating else "-"
        return _("Re-rated %(rating)s (was %(previous)s): %(claim)s") % {
            "rating": rating,
            "previous": previous,
            "claim": text,
        }
    if entry.event == "retracted":
        return _("Retracted: %(claim)s") % {"claim": text}
    return _("Rated %(rating)s: %(claim)s") % {"rating": rating, "claim": text}


def event_description(claim: Claim, entry: TimelineEntry) -> str:
    if entry.event == "retracted":
        return claim.retraction_reason or entry.reason
    if entry.event == "rerated":
        return entry.reason
    return in_language(claim, "rating_explanation").text


class RatingChangesFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Claim tracker: rating changes")

    def subtitle(self) -> str:
        return _("Claims newly rated, re-rated or retracted.")

    def link(self) -> str:
        return reverse("claims:list")

    def items(self) -> list[PublicEvent]:
        return selectors.claim_events_recent(limit=30)

    def item_title(self, item: PublicEvent) -> str:
        return event_title(item.claim, item.entry)

    def item_description(self, item: PublicEvent) -> str:
        return event_description(item.claim, item.entry)

    def item_link(self, item: PublicEvent) -> str:
        return item.claim.get_absolute_url()

    def item_guid(self, item: PublicEvent) -> str:
        moment = int(item.entry.at.timestamp())
        return f"{item.claim.get_absolute_url()}#{item.entry.event}-{moment}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: PublicEvent):
        return item.entry.at

    def item_updateddate(self, item: PublicEvent):
        return item.entry.at


class ClaimFeed(Feed):
    """Follow one claim: every public rating change, newest first."""

    feed_type = Atom1Feed

    def get_object(self, request, slug: str) -> Claim:
        return selectors.claim_get_public(slug=slug)

    def title(self, obj: Claim) -> str:
        return _("Rating changes: %(claim)s") % {"claim": in_language(obj, "text").text}

    def link(self, obj: Claim) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Claim) -> list[PublicEvent]:
        entries = selectors.claim_timeline(claim=obj)
        return [PublicEvent(claim=obj, entry=entry) for entry in reversed(entries)]

    item_title = RatingChangesFeed.item_title
    item_description = RatingChangesFeed.item_description
    item_link = RatingChangesFeed.item_link
    item_guid = RatingChangesFeed.item_guid
    item_guid_is_permalink = False
    item_pubdate = RatingChangesFeed.item_pubdate
    item_updateddate = RatingChangesFeed.item_updateddate
