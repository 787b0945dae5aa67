"""Atom feeds of public rating changes: site-wide and one per claim.

The feeds keep RFC 4287's rules: every ``<id>`` is an absolute IRI built
from ``settings.SITE_URL`` (so it does not change with the host a request
came in on), links are absolute, and the feed and every entry name the site
as their author. Each entry says its language (xml:lang, the feed's), and a
summary in the other language (a rating explanation not yet translated) says
its own.
"""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from claims import selectors
from claims.jsonld import absolute_url
from claims.labels import LocalText, as_written, in_language, marked
from claims.models import Claim
from claims.selectors import PublicEvent, TimelineEntry
from reader.templatetags.reader import deadline_change_words


def event_title(claim: Claim, entry: TimelineEntry) -> str:
    """The entry's title in the reader's language: the rating's label and the
    claim's text in that language where it exists, else as made and marked
    as the original (``claims.labels``)."""
    text = marked(in_language(claim, "text"))
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
    if entry.event == "deadline":
        return _("%(change)s: %(claim)s") % {
            "change": deadline_change_words(entry.previous_deadline, entry.deadline),
            "claim": text,
        }
    return _("Rated %(rating)s: %(claim)s") % {"rating": rating, "claim": text}


def event_description(claim: Claim, entry: TimelineEntry) -> LocalText:
    """The entry's summary, with the language it is in: the public reason
    for a retraction, re-rating or deadline change, else the rating
    explanation; each in the reader's language where it exists, else the
    original (``claims.labels``)."""
    if entry.event == "retracted":
        reason = in_language(claim, "retraction_reason")
        return reason if reason.text else as_written(entry.reason)
    if entry.event in ("rerated", "deadline"):
        return in_language(entry, "reason")
    return in_language(claim, "rating_explanation")


class LanguageTaggedAtom(Atom1Feed):
    """Atom whose entries say their language (RFC 4287 section 2): the
    feed's on each entry, and on a summary the language its text is in where
    that is another."""

    def item_attributes(self, item) -> dict:
        return {**super().item_attributes(item), "xml:lang": self.feed["language"]}

    def add_item_elements(self, handler, item) -> None:
        language = item.get("summary_language")
        if not language or language == self.feed["language"]:
            super().add_item_elements(handler, item)
            return
        super().add_item_elements(handler, {**item, "description": None})
        handler.addQuickElement(
            "summary", item["description"], {"type": "html", "xml:lang": language}
        )


def entry_id(item: PublicEvent) -> str:
    """The entry's permanent IRI: the claim's address with the event and its
    moment (to the microsecond, so two changes in one second stay apart)."""
    moment = item.entry.at.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return absolute_url(f"{item.claim.get_absolute_url()}#{item.entry.event}-{moment}")


class SiteAuthored:
    """Shared by both feeds: the site as author, absolute addresses."""

    feed_type = LanguageTaggedAtom
    item_guid_is_permalink = False

    def author_name(self) -> str:
        return settings.SITE_NAME

    def author_link(self) -> str:
        return absolute_url("/")

    def item_author_name(self, item: PublicEvent) -> str:
        return settings.SITE_NAME

    def item_author_link(self, item: PublicEvent) -> str:
        return absolute_url("/")

    def item_title(self, item: PublicEvent) -> str:
        return event_title(item.claim, item.entry)

    def item_description(self, item: PublicEvent) -> str:
        return marked(event_description(item.claim, item.entry))

    def item_extra_kwargs(self, item: PublicEvent) -> dict:
        description = event_description(item.claim, item.entry)
        return {"summary_language": description.language}

    def item_link(self, item: PublicEvent) -> str:
        return absolute_url(item.claim.get_absolute_url())

    def item_guid(self, item: PublicEvent) -> str:
        return entry_id(item)

    def item_pubdate(self, item: PublicEvent):
        return item.entry.at

    def item_updateddate(self, item: PublicEvent):
        return item.entry.at


class RatingChangesFeed(SiteAuthored, Feed):
    def title(self) -> str:
        return _("Claim tracker: rating changes")

    def subtitle(self) -> str:
        return _("Claims newly rated, re-rated or retracted.")

    def link(self) -> str:
        return absolute_url(reverse("claims:list"))

    def feed_url(self) -> str:
        return absolute_url(reverse("claims:feed"))

    def feed_guid(self) -> str:
        return self.feed_url()

    def items(self) -> list[PublicEvent]:
        return selectors.claim_events_recent(limit=30)


class ClaimFeed(SiteAuthored, Feed):
    """Follow one claim: every public rating change, newest first."""

    def get_object(self, request, slug: str) -> Claim:
        return selectors.claim_get_public(slug=slug)

    def title(self, obj: Claim) -> str:
        return _("Rating changes: %(claim)s") % {
            "claim": marked(in_language(obj, "text"))
        }

    def link(self, obj: Claim) -> str:
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj: Claim) -> str:
        return absolute_url(reverse("claims:claim-feed", kwargs={"slug": obj.slug}))

    def feed_guid(self, obj: Claim) -> str:
        return self.feed_url(obj)

    def items(self, obj: Claim) -> list[PublicEvent]:
        entries = selectors.claim_timeline(claim=obj)
        return [PublicEvent(claim=obj, entry=entry) for entry in reversed(entries)]
