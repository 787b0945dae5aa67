"""The follow mails, each in its reader's language: the confirmation, one
mail per event, and the daily digest.

Every mail to a subscriber links to the manage page and to the unsubscribe
page, and carries the RFC 8058 headers (``List-Unsubscribe`` with the
unsubscribe address, ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``)
and a ``Message-ID`` made from the deliveries it carries, so a mail sent
again after a crash is recognisably the same mail. Claim text and reasons
are in the reader's language where they exist, else as written
(``claims.labels.in_language``); links lead to the pages in that language.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from claims.jsonld import absolute_url
from claims.labels import in_language, marked
from claims.models import (
    Appearance,
    Claim,
    PublicEvent,
    PublicEventKind,
    RatingChange,
    RatingChangeKind,
)
from claims.services.notifications import claim_words
from follows.models import Delivery, Subscriber
from reader.templatetags.reader import deadline_words

from .targets import Target
from .tokens import Confirmation, confirmation_token, subscriber_token


def mail_domain() -> str:
    """The domain of the site's Message-IDs: the site's host."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _message_id(local: str) -> str:
    return f"<{local}@{mail_domain()}>"


def delivery_message_id(delivery: Delivery) -> str:
    return _message_id(f"follows.{delivery.event_id}.{delivery.subscriber_id}")


def digest_message_id(deliveries: Sequence[Delivery]) -> str:
    ids = ",".join(str(pk) for pk in sorted(delivery.pk for delivery in deliveries))
    return _message_id(
        f"follows.digest.{hashlib.sha256(ids.encode()).hexdigest()[:24]}"
    )


def subscriber_links(subscriber: Subscriber) -> tuple[str, str]:
    """The manage page and the unsubscribe address, in the active language."""
    token = subscriber_token(subscriber)
    return (
        absolute_url(reverse("follows:manage", kwargs={"token": token})),
        absolute_url(reverse("follows:unsubscribe", kwargs={"token": token})),
    )


def _subscriber_mail(
    subscriber: Subscriber, subscription_lines: list[str], subject: str, message_id: str
) -> EmailMessage:
    manage, unsubscribe = subscriber_links(subscriber)
    lines = [
        *subscription_lines,
        "",
        "-- ",
        _("What you follow, and ending any of it: %(url)s") % {"url": manage},
        _("Stop all these mails: %(url)s") % {"url": unsubscribe},
    ]
    return EmailMessage(
        subject=subject.replace("\n", " "),
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "Message-ID": message_id,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


# --- what an event says ---------------------------------------------------------


def event_subject(event: PublicEvent) -> str:
    words = claim_words(event.claim, translation.get_language())
    subjects = {
        PublicEventKind.RATING_CHANGED: _("Re-rated: %(claim)s"),
        PublicEventKind.RETRACTED: _("Retracted: %(claim)s"),
        PublicEventKind.DEADLINE_PASSED: _("Deadline passed: %(claim)s"),
        PublicEventKind.UNDER_REVIEW: _("Under review: %(claim)s"),
        PublicEventKind.APPEARANCE_ADDED: _("Repeated in another article: %(claim)s"),
        PublicEventKind.PUBLISHED: _("New claim: %(claim)s"),
    }
    return subjects[PublicEventKind(event.kind)] % {"claim": words}


def event_lines(event: PublicEvent) -> list[str]:
    """What happened, in the active language, with the claim's page."""
    claim: Claim = event.claim
    language = translation.get_language()
    text = marked(in_language(claim, "text", language))
    lines = [f"“{text}”"]
    if claim.speaker_id:
        lines.append(
            _("Said by %(speaker)s")
            % {"speaker": marked(in_language(claim.speaker, "name", language))}
        )
    lines.append("")
    kind = PublicEventKind(event.kind)
    if kind == PublicEventKind.RATING_CHANGED:
        change = RatingChange.objects.filter(pk=event.data.get("rating_change")).first()
        if change is not None:
            what = {
                str(RatingChangeKind.CORRECTION): _("Correction"),
                str(RatingChangeKind.UPDATE): _("Update"),
            }.get(change.kind, _("Re-rated"))
            lines.append(
                _("%(what)s: rated %(rating)s (was %(previous)s).")
                % {
                    "what": what,
                    "rating": change.to_rating.label,
                    "previous": change.from_rating.label,
                }
            )
            reason = in_language(change, "reason", language)
            if reason:
                lines.append(_("Why: %(reason)s") % {"reason": marked(reason)})
        else:
            lines.append(_("The rating changed."))
    elif kind == PublicEventKind.RETRACTED:
        lines.append(_("The fact-check of this claim was retracted."))
        reason = in_language(claim, "retraction_reason", language)
        if reason:
            lines.append(_("Why: %(reason)s") % {"reason": marked(reason)})
    elif kind == PublicEventKind.DEADLINE_PASSED:
        lines.append(
            _(
                "Its deadline (%(deadline)s) has passed; "
                "the editors will review the rating."
            )
            % {"deadline": deadline_words(claim)}
        )
    elif kind == PublicEventKind.UNDER_REVIEW:
        lines.append(_("The editors are reviewing this claim's rating."))
    elif kind == PublicEventKind.APPEARANCE_ADDED:
        appearance = (
            Appearance.objects.select_related("article")
            .filter(pk=event.data.get("appearance"))
            .first()
        )
        if appearance is not None:
            lines.append(
                _("It was repeated in “%(article)s”.")
                % {
                    "article": marked(
                        in_language(appearance.article, "title", language)
                    )
                }
            )
        else:
            lines.append(_("It was repeated in another article."))
    elif kind == PublicEventKind.PUBLISHED:
        rating = claim.rating.label if claim.rating is not None else "-"
        lines.append(_("Published, rated %(rating)s.") % {"rating": rating})
        explanation = in_language(claim, "rating_explanation", language)
        if explanation:
            lines.append(marked(explanation))
    lines += ["", absolute_url(claim.get_absolute_url())]
    return lines


def event_mail(delivery: Delivery) -> EmailMessage:
    """The mail of one delivery, in its subscriber's language."""
    subscriber = delivery.subscriber
    with translation.override(subscriber.language):
        return _subscriber_mail(
            subscriber,
            event_lines(delivery.event),
            event_subject(delivery.event),
            delivery_message_id(delivery),
        )


def digest_mail(subscriber: Subscriber, deliveries: Sequence[Delivery]) -> EmailMessage:
    """One mail with every event of ``deliveries``, oldest first."""
    with translation.override(subscriber.language):
        count = len(deliveries)
        subject = ngettext(
            "Claims you follow: %(count)d change",
            "Claims you follow: %(count)d changes",
            count,
        ) % {"count": count}
        lines: list[str] = []
        for delivery in sorted(deliveries, key=lambda item: item.event.occurred_at):
            lines += [
                f"## {event_subject(delivery.event)}",
                *event_lines(delivery.event),
                "",
            ]
        return _subscriber_mail(
            subscriber, lines, subject, digest_message_id(deliveries)
        )


def confirmation_mail(confirmation: Confirmation, target: Target) -> EmailMessage:
    """The mail whose link confirms a follow request."""
    with translation.override(confirmation.language):
        link = absolute_url(
            reverse(
                "follows:confirm",
                kwargs={"token": confirmation_token(confirmation)},
            )
        )
        label = target.label()
        lines = [
            _("Someone, probably you, asked to be told by e-mail about %(target)s.")
            % {"target": label},
            "",
            _("To confirm, open this link within %(hours)d hours:")
            % {"hours": settings.FOLLOW_CONFIRM_HOURS},
            link,
            "",
            _(
                "If you did not ask, ignore this mail: your address is not kept "
                "unless you confirm."
            ),
            "",
            target.page_url(),
        ]
        subject = _("Confirm: follow %(target)s") % {"target": label}
    return EmailMessage(
        subject=subject.replace("\n", " "),
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[confirmation.address],
        headers={"Auto-Submitted": "auto-generated"},
    )
