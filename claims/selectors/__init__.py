"""Every read the interfaces make, called as ``selectors.<name>``.

- ``public``: what anonymous readers see (reader pages, feeds, sitemap, the
  anonymous API): claim lists, pages, timelines, counts;
- ``corrections``: the public re-ratings and retractions, newest first;
- ``editor``: the visibility-aware reads of the API, where editors and
  reviewers also see drafts and claims in review;
- ``rows``: the ids-then-complete protocol of lists whose rows come from the
  fragment cache;
- ``search``: full-text search of claims and the passages that matched.
"""

from .corrections import Correction, corrections_recent
from .editor import (
    WorkWaiting,
    article_list_visible,
    claim_get_visible,
    claim_list_claimreview,
    claim_list_visible,
    rating_scale_list,
    speaker_list_visible,
    topic_list_visible,
    work_waiting,
)
from .public import (
    PublicEvent,
    RatingCount,
    ReasonCodeCount,
    TimelineEntry,
    article_get_public,
    article_list_public,
    article_list_sitemap,
    claim_events_recent,
    claim_get_public,
    claim_get_public_detail,
    claim_list_deadline_passed,
    claim_list_deadline_upcoming,
    claim_list_for_article,
    claim_list_for_speaker,
    claim_list_public,
    claim_list_recently_rated,
    claim_list_repeated_in_article,
    claim_list_sitemap,
    claim_public_id,
    claim_timeline,
    public_claims_last_changed,
    rating_counts,
    rating_counts_public,
    reason_code_counts,
    speaker_get_public,
    speaker_list_public,
    speaker_list_sitemap,
)
from .revisions import (
    claim_get_preview,
    revision_get,
    revision_get_preview,
    revision_list_for_claim,
)
from .rows import (
    CLAIM_ROW_RELATED,
    ClaimKey,
    claim_list_light,
    claim_rows_complete,
    claims_complete,
)
from .search import Highlight, claim_highlights, claim_search, search_results_max

__all__ = [
    "CLAIM_ROW_RELATED",
    "ClaimKey",
    "Highlight",
    "Correction",
    "WorkWaiting",
    "PublicEvent",
    "RatingCount",
    "ReasonCodeCount",
    "TimelineEntry",
    "article_get_public",
    "article_list_public",
    "article_list_sitemap",
    "article_list_visible",
    "claim_events_recent",
    "claim_get_public",
    "claim_get_preview",
    "claim_get_public_detail",
    "claim_get_visible",
    "claim_highlights",
    "claim_list_claimreview",
    "claim_list_deadline_passed",
    "claim_list_deadline_upcoming",
    "claim_list_for_article",
    "claim_list_for_speaker",
    "claim_list_light",
    "claim_list_public",
    "claim_list_recently_rated",
    "claim_list_repeated_in_article",
    "claim_list_sitemap",
    "claim_public_id",
    "claim_list_visible",
    "claim_search",
    "search_results_max",
    "claim_timeline",
    "claim_rows_complete",
    "claims_complete",
    "corrections_recent",
    "public_claims_last_changed",
    "rating_counts",
    "rating_counts_public",
    "rating_scale_list",
    "reason_code_counts",
    "revision_get",
    "revision_get_preview",
    "revision_list_for_claim",
    "speaker_get_public",
    "speaker_list_public",
    "speaker_list_sitemap",
    "speaker_list_visible",
    "topic_list_visible",
    "work_waiting",
]
