"""Changes to claims the way every interface makes them: through the services."""

from __future__ import annotations

from claims.models import Claim, Rating
from claims.services.claims import claim_update


def rerate(claim: Claim, rating: Rating, *, kind: str, reason: str) -> Claim:
    """Give ``claim`` a new rating with its public kind and reason, as an
    account-less caller (the admin and the API add the editor)."""
    claim.refresh_from_db(fields=["version"])
    return claim_update(
        claim=claim,
        user=None,
        version=claim.version,
        fields={"rating": rating},
        change_kind=kind,
        change_reason=reason,
    )
