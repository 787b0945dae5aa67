"""What a fetch comes back with: its :class:`Outcome` and :class:`FetchResult`."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Outcome(enum.StrEnum):
    OK = "ok"
    NOT_MODIFIED = "not_modified"
    # The resource is gone: 404, 410, no such host (while the resolver
    # works). Two of these some days apart make a link dead.
    DEFINITIVE = "definitive"
    # Worth retrying soon: timeout, refused connection, 5xx, 429, a failing
    # DNS resolver.
    TRANSIENT = "transient"
    # Another answer that is neither (403, a redirect loop): checked again at
    # the next regular check, never retried now, never a death.
    FAILED = "failed"
    # Refused by the fetcher's own rules or robots.txt: never retried.
    BLOCKED = "blocked"
    # Cut off by the total limit (``FetchPolicy.total_deadline``): a server
    # too slow to finish, which would be as slow again at once. Never retried
    # now, never a death.
    TIME_LIMIT = "time_limit"
    # The host's pace (``FetchPolicy.pace``) allows no request yet: nothing
    # was sent; try again after ``FetchResult.retry_after`` seconds.
    TOO_SOON = "too_soon"


@dataclass
class FetchResult:
    outcome: Outcome
    url: str
    reason: str = ""
    final_url: str = ""
    status: int | None = None
    body: bytes = b""
    truncated: bool = False
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    redirects: list[str] = field(default_factory=list)
    # DNS said the host does not exist, and the control name resolved.
    no_such_host: bool = False
    # The host did not resolve and neither did the control name.
    resolver_failed: bool = False
    # TOO_SOON: seconds until the host's next turn.
    retry_after: float = 0.0

    @property
    def moved(self) -> bool:
        return bool(self.final_url) and self.final_url != self.url
