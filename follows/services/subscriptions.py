"""Asking to follow, confirming, and unfollowing.

``follow_request`` stores no address: a ``FollowRequest`` keyed by an HMAC
of it, and a confirmation mail whose signed link carries it. Whatever it
decides (a mail sent, the address already following the target or already
asked, too many pending requests, too many requests for the address), the
reader is told the same thing, so the form says nothing about who follows
what. ``follow_confirm`` stores the address; ``subscriptions_end`` deletes
it with its last subscription.
"""

from __future__ import annotations

import enum
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from follows.models import (
    FollowRequest,
    Frequency,
    MailLanguage,
    Subscriber,
    Subscription,
)

from .targets import Target, TargetInvalid, target_resolve
from .throttles import FollowThrottle
from .tokens import Confirmation, LinkInvalid, address_hash, address_normalise

logger = logging.getLogger(__name__)


class FollowOutcome(enum.Enum):
    """What a follow request did (never shown to the reader)."""

    MAIL_SENT = "mail_sent"
    ALREADY_FOLLOWING = "already_following"
    ALREADY_ASKED = "already_asked"
    TOO_MANY_PENDING = "too_many_pending"
    ADDRESS_THROTTLED = "address_throttled"


class RequestExpired(ValueError):
    """The request a confirmation link answers has expired or was used."""


def follow_request(
    *, address: str, kind: str, value: str, frequency: str, language: str
) -> tuple[FollowOutcome, Confirmation | None]:
    """Ask to follow a target; returns what happened and, when a
    confirmation mail is owed, what it confirms (to be mailed after the
    commit). Raises ``ValidationError`` for an invalid address, frequency or
    language and ``TargetInvalid`` for a target nobody can follow."""
    address = address_normalise(address)
    validate_email(address)
    if frequency not in Frequency.values:
        raise ValidationError(_("Choose how often to be told."))
    if language not in MailLanguage.values:
        language = settings.LANGUAGE_CODE
    target = target_resolve(kind, value)
    key = address_hash(address)
    per_address = FollowThrottle(
        scope="address", rate=settings.FOLLOW_THROTTLE_PER_ADDRESS, ident=key
    )
    if not per_address.allowed():
        logger.info("follow request for %s… refused: too many", key[:8])
        return FollowOutcome.ADDRESS_THROTTLED, None
    if target.subscriptions().filter(subscriber__email=address).exists():
        return FollowOutcome.ALREADY_FOLLOWING, None
    now = timezone.now()
    with transaction.atomic():
        FollowRequest.objects.filter(address_hash=key, expires_at__lte=now).delete()
        pending = FollowRequest.objects.filter(address_hash=key)
        if pending.filter(target_kind=target.kind, target_value=target.value).exists():
            return FollowOutcome.ALREADY_ASKED, None
        if pending.count() >= settings.FOLLOW_MAX_PENDING_PER_ADDRESS:
            logger.info("follow request for %s… refused: too many pending", key[:8])
            return FollowOutcome.TOO_MANY_PENDING, None
        try:
            with transaction.atomic():
                FollowRequest.objects.create(
                    address_hash=key,
                    target_kind=target.kind,
                    target_value=target.value,
                    frequency=frequency,
                    language=language,
                    created_at=now,
                    expires_at=now + timedelta(hours=settings.FOLLOW_CONFIRM_HOURS),
                )
        except IntegrityError:  # the same request, at the same moment
            return FollowOutcome.ALREADY_ASKED, None
    confirmation = Confirmation(
        address=address,
        kind=target.kind,
        value=target.value,
        frequency=frequency,
        language=language,
    )
    return FollowOutcome.MAIL_SENT, confirmation


def follow_request_for(confirmation: Confirmation) -> FollowRequest | None:
    """The pending, unexpired request a confirmation link answers."""
    return FollowRequest.objects.filter(
        address_hash=address_hash(confirmation.address),
        target_kind=confirmation.kind,
        target_value=confirmation.value,
        expires_at__gt=timezone.now(),
    ).first()


@transaction.atomic
def follow_confirm(*, confirmation: Confirmation) -> tuple[Subscriber, Target]:
    """Store the address and its subscription to the confirmed target.

    Raises ``RequestExpired`` when the request has expired (or was
    confirmed already: the link works once) and ``TargetInvalid`` when the
    target is no longer public."""
    request = follow_request_for(confirmation)
    if request is None:
        raise RequestExpired(_("This link has expired or was used already."))
    target = target_resolve(confirmation.kind, confirmation.value)
    subscriber, created = Subscriber.objects.get_or_create(
        email=confirmation.address, defaults={"language": confirmation.language}
    )
    if not created and subscriber.language != confirmation.language:
        subscriber.language = confirmation.language
        subscriber.save(update_fields=["language"])
    existing = target.subscriptions().filter(subscriber=subscriber).first()
    if existing is None:
        subscription = Subscription(
            subscriber=subscriber,
            target_kind=target.kind,
            claim=target.claim,
            speaker=target.speaker,
            topic=target.topic,
            query=target.query,
            frequency=confirmation.frequency,
        )
        subscription.full_clean(exclude=["subscriber"])
        subscription.save()
    elif existing.frequency != confirmation.frequency:
        existing.frequency = confirmation.frequency
        existing.save(update_fields=["frequency"])
    request.delete()
    return subscriber, target


@transaction.atomic
def subscriptions_end(
    *, subscriber: Subscriber, subscription_ids: list[int] | None = None
) -> bool:
    """End the given subscriptions (every one when None); the address is
    deleted with its last. Returns True when the address was deleted."""
    subscriptions = subscriber.subscriptions.all()
    if subscription_ids is not None:
        subscriptions = subscriptions.filter(pk__in=subscription_ids)
    subscriptions.delete()
    if not subscriber.subscriptions.exists():
        subscriber.delete()
        return True
    return False


def follow_requests_expire(*, now=None) -> int:
    """Delete unconfirmed requests past their expiry; returns how many."""
    deleted, _rows = FollowRequest.objects.filter(
        expires_at__lte=now or timezone.now()
    ).delete()
    return deleted


__all__ = [
    "FollowOutcome",
    "LinkInvalid",
    "RequestExpired",
    "TargetInvalid",
    "follow_confirm",
    "follow_request",
    "follow_requests_expire",
    "subscriptions_end",
]
