"""A prediction's or promise's deadline, read from the words it was given in.

An editor may type only the wording ("2027年底前", "by mid-2025"): the claim
services then fill in the window and its precision with the project's parser
(``intake.deadlines``), so every interface (admin, API, import, intake) gets
the same reading. A claim that should have a deadline and has no window
cannot go to a reviewer. A public claim's moved deadline is recorded for its
readers (``deadline_change_record``).
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import (
    DEADLINE_KINDS,
    PUBLIC_STATES,
    Claim,
    DeadlineChange,
    DeadlineWindow,
)
from intake.deadlines import parse_deadline


def written_on(claim: Claim) -> date:
    """The day the wording is read from: when the claim was made, else the
    article's date, else today."""
    if claim.claimed_on is not None:
        return claim.claimed_on
    if claim.article_id is not None and claim.article.published_on is not None:
        return claim.article.published_on
    return timezone.localdate()


def fill_window_from_wording(claim: Claim) -> None:
    """Set the deadline window and precision of a prediction or promise that
    has wording but no window, when the parser can read the wording."""
    wording = claim.due_text.strip()
    if (
        claim.kind not in DEADLINE_KINDS
        or not wording
        or claim.due_start is not None
        or claim.due_end is not None
    ):
        return
    deadline = parse_deadline(wording, written_on=written_on(claim))
    if deadline is None:
        return
    claim.due_start = deadline.start
    claim.due_end = deadline.end
    claim.due_precision = deadline.precision


def deadline_problems(claim: Claim) -> dict[str, list[str]]:
    """Why a prediction or promise may not go to a reviewer yet: it has no
    deadline window (its wording, if any, could not be read)."""
    if claim.kind not in DEADLINE_KINDS or claim.due_end is not None:
        return {}
    if claim.due_text.strip():
        return {
            "due_text": [
                _(
                    "The deadline wording “%(wording)s” could not be read as "
                    "dates. Reword it (e.g. 2027年底前, 2025年6月, by mid-2025) "
                    "or enter the deadline window's first and last day."
                )
                % {"wording": claim.due_text.strip()}
            ]
        }
    return {
        "due_end": [
            _(
                "A prediction or promise needs a deadline before it is "
                "submitted for review: enter the deadline wording or the "
                "window's first and last day."
            )
        ]
    }


def deadline_change_record(
    *,
    claim: Claim,
    before: DeadlineWindow,
    was_public: bool,
    user: AbstractBaseUser | None,
    reason: str,
    reason_en: str = "",
) -> DeadlineChange | None:
    """Record that a public claim's deadline moved from ``before`` to what
    ``claim`` (just saved) holds, with the public reason in Chinese and in
    English; None when it did not move or readers could not see the claim
    when it did (``was_public``)."""
    after = DeadlineWindow.of(claim)
    if not was_public or after == before:
        return None
    return DeadlineChange.objects.create(
        claim=claim,
        from_start=before.due_start,
        from_end=before.due_end,
        from_precision=before.due_precision,
        from_text=before.due_text,
        to_start=after.due_start,
        to_end=after.due_end,
        to_precision=after.due_precision,
        to_text=after.due_text,
        reason=reason.strip(),
        reason_en=reason_en.strip(),
        changed_by_id=user.pk if user is not None else None,
        changed_at=claim.updated_at or timezone.now(),
    )


def is_public(claim: Claim) -> bool:
    return claim.state in PUBLIC_STATES
