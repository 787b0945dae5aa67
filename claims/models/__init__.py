"""The tracker's data: who said what, where, how it was rated, and why.

One module per part of the domain. Everything public is re-exported here:
migrations, the app and the tests import from ``claims.models``.
"""

from .appearances import Appearance
from .base import (
    CleanTextModel,
    TimestampedModel,
    text_problem,
    validate_language_tag,
    validate_public_url,
)
from .catalogue import Article, Speaker, Topic
from .choices import (
    DEADLINE_KINDS,
    PUBLIC_STATES,
    ClaimKind,
    DuePrecision,
    EditorialState,
    EvidenceOperation,
    FlagReason,
    FlagResolution,
    HeartbeatSource,
    Language,
    LinkHealth,
    PublicEventKind,
    RatingChangeKind,
    RevisionStatus,
    Stance,
)
from .claim import Claim, ClaimQuerySet, default_review_interval
from .deadline_changes import DeadlineChange, DeadlineWindow
from .events import PublicEvent
from .evidence import LINK_HEALTH_FIELDS, Evidence, EvidenceSnapshot
from .flags import Flag, FlagQuerySet, Heartbeat
from .hosts import HostPolicy, host_key
from .profiles import EditorProfile
from .rating_changes import RatingChange
from .ratings import Rating, RatingScale, RatingTally, ReasonCode
from .revisions import ClaimRevision
from .search import SEARCH_FIELDS, WEIGHTS, ClaimSearchDocument, SearchField
from .verdicts import ExternalReview, VerdictLabel, verdict_key

__all__ = [
    "EditorProfile",
    "HostPolicy",
    "host_key",
    "DEADLINE_KINDS",
    "LINK_HEALTH_FIELDS",
    "PUBLIC_STATES",
    "SEARCH_FIELDS",
    "WEIGHTS",
    "Appearance",
    "Article",
    "Claim",
    "ClaimRevision",
    "ClaimKind",
    "ClaimQuerySet",
    "ClaimSearchDocument",
    "CleanTextModel",
    "DeadlineChange",
    "DeadlineWindow",
    "DuePrecision",
    "EditorialState",
    "Evidence",
    "EvidenceOperation",
    "EvidenceSnapshot",
    "ExternalReview",
    "Flag",
    "FlagQuerySet",
    "FlagReason",
    "FlagResolution",
    "Heartbeat",
    "HeartbeatSource",
    "Language",
    "PublicEvent",
    "PublicEventKind",
    "LinkHealth",
    "Rating",
    "RatingChange",
    "RatingChangeKind",
    "RatingScale",
    "RatingTally",
    "ReasonCode",
    "RevisionStatus",
    "SearchField",
    "Speaker",
    "Stance",
    "TimestampedModel",
    "Topic",
    "VerdictLabel",
    "default_review_interval",
    "text_problem",
    "validate_language_tag",
    "validate_public_url",
    "verdict_key",
]
