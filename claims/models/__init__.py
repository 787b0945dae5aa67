"""The tracker's data: who said what, where, how it was rated, and why.

One module per part of the domain. Everything public is re-exported here:
migrations, the app and the tests import from ``claims.models``.
"""

from .appearances import Appearance
from .base import CleanTextModel, TimestampedModel, text_problem, validate_public_url
from .catalogue import Article, Speaker, Topic
from .choices import (
    DEADLINE_KINDS,
    PUBLIC_STATES,
    ClaimKind,
    DuePrecision,
    EditorialState,
    FlagReason,
    FlagResolution,
    HeartbeatSource,
    Language,
    LinkHealth,
    RatingChangeKind,
    Stance,
)
from .claim import Claim, ClaimQuerySet, default_review_interval
from .evidence import LINK_HEALTH_FIELDS, Evidence, EvidenceSnapshot
from .flags import Flag, FlagQuerySet, Heartbeat
from .rating_changes import RatingChange
from .ratings import Rating, RatingScale, ReasonCode
from .search import SEARCH_FIELDS, WEIGHTS, ClaimSearchDocument, SearchField

__all__ = [
    "DEADLINE_KINDS",
    "LINK_HEALTH_FIELDS",
    "PUBLIC_STATES",
    "SEARCH_FIELDS",
    "WEIGHTS",
    "Appearance",
    "Article",
    "Claim",
    "ClaimKind",
    "ClaimQuerySet",
    "ClaimSearchDocument",
    "CleanTextModel",
    "DuePrecision",
    "EditorialState",
    "Evidence",
    "EvidenceSnapshot",
    "Flag",
    "FlagQuerySet",
    "FlagReason",
    "FlagResolution",
    "Heartbeat",
    "HeartbeatSource",
    "Language",
    "LinkHealth",
    "Rating",
    "RatingChange",
    "RatingChangeKind",
    "RatingScale",
    "ReasonCode",
    "SearchField",
    "Speaker",
    "Stance",
    "TimestampedModel",
    "Topic",
    "default_review_interval",
    "text_problem",
    "validate_public_url",
]
