"""Changes to claims the way every interface makes them: through the services."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from claims.models import Claim, ClaimRevision, Rating
from claims.services.claims import claim_update
from claims.services.revisions import revision_approve, revision_propose


def rerate(
    claim: Claim, rating: Rating, *, kind: str, reason: str, reason_en: str = ""
) -> Claim:
    """Give ``claim`` a new rating with its public kind and reason (in
    Chinese, ``reason``, and/or English, ``reason_en``), as an account-less
    caller (the admin and the API add the editor)."""
    claim.refresh_from_db(fields=["version"])
    return claim_update(
        claim=claim,
        user=None,
        version=claim.version,
        fields={"rating": rating},
        change_kind=kind,
        change_reason=reason,
        change_reason_en=reason_en,
    )


def propose(
    claim: Claim, *, author: AbstractBaseUser, fields: dict[str, Any], **kwargs: Any
) -> ClaimRevision:
    """An editor's change to a public claim, held as a pending revision."""
    claim.refresh_from_db(fields=["version"])
    revision = revision_propose(
        claim=claim, user=author, version=claim.version, fields=fields, **kwargs
    )
    assert revision is not None, "the change alters nothing"
    return revision


def change_public_claim(
    claim: Claim,
    *,
    author: AbstractBaseUser,
    approver: AbstractBaseUser,
    fields: dict[str, Any],
    **kwargs: Any,
) -> Claim:
    """A change to a public claim, proposed by ``author`` and approved by
    ``approver`` (a second person)."""
    revision = propose(claim, author=author, fields=fields, **kwargs)
    return revision_approve(revision=revision, user=approver)
