"""The signed links of the follow mails (``django.core.signing``).

A confirmation link carries the address and the target (nothing about the
address is stored before it is confirmed) and expires after
``FOLLOW_CONFIRM_HOURS``. A subscriber link (manage page, unsubscribe) names
the subscriber and its address and does not expire: an old mail's
unsubscribe link must keep working. Tampering with either is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

from follows.models import Subscriber

CONFIRM_SALT = "follows.confirm"
SUBSCRIBER_SALT = "follows.subscriber"


class LinkInvalid(ValueError):
    """A link that was altered, or a confirmation link that has expired."""


def address_normalise(address: str) -> str:
    return address.strip().lower()


def address_hash(address: str) -> str:
    """The key of an address's pending requests: an HMAC, not the address."""
    return salted_hmac("follows.address", address_normalise(address)).hexdigest()


@dataclass(frozen=True)
class Confirmation:
    address: str
    kind: str
    value: str
    frequency: str
    language: str


def confirmation_token(confirmation: Confirmation) -> str:
    return signing.dumps(
        {
            "a": confirmation.address,
            "k": confirmation.kind,
            "v": confirmation.value,
            "f": confirmation.frequency,
            "l": confirmation.language,
        },
        salt=CONFIRM_SALT,
        compress=True,
    )


def confirmation_read(token: str) -> Confirmation:
    try:
        data = signing.loads(
            token, salt=CONFIRM_SALT, max_age=settings.FOLLOW_CONFIRM_HOURS * 3600
        )
        return Confirmation(
            address=data["a"],
            kind=data["k"],
            value=data["v"],
            frequency=data["f"],
            language=data["l"],
        )
    except (signing.BadSignature, KeyError, TypeError) as error:
        raise LinkInvalid(str(error)) from error


def subscriber_token(subscriber: Subscriber) -> str:
    return signing.dumps(
        {"s": subscriber.pk, "a": subscriber.email}, salt=SUBSCRIBER_SALT
    )


def subscriber_read(token: str) -> Subscriber | None:
    """The subscriber a link names; None when it has gone since (everything
    unfollowed). Raises ``LinkInvalid`` for an altered link."""
    try:
        data = signing.loads(token, salt=SUBSCRIBER_SALT)
        pk, address = data["s"], data["a"]
    except (signing.BadSignature, KeyError, TypeError) as error:
        raise LinkInvalid(str(error)) from error
    # The address too: a primary key may be used again after a deletion.
    return Subscriber.objects.filter(pk=pk, email=address).first()
