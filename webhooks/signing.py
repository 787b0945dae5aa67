"""The signature of a delivery (README "Webhooks"): HMAC-SHA256 of
``f"{timestamp}.{body}"`` under the endpoint's secret, in hex, sent as

    Tracker-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]

one ``v1`` per valid secret (two during a rotation's grace period). No
Django here: a receiver's side can be read and tested alone.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

SIGNATURE_HEADER = "Tracker-Signature"
TIMESTAMP_HEADER = "Tracker-Timestamp"
DELIVERY_HEADER = "Tracker-Delivery"
EVENT_HEADER = "Tracker-Event"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secrets: Iterable[str], timestamp: int, body: bytes) -> str:
    parts = [f"t={timestamp}"]
    parts += [f"v1={signature(secret, timestamp, body)}" for secret in secrets]
    return ",".join(parts)
