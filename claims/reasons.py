"""History change reasons: stored in plain English, translated when shown.

A reason written in the editor's language at save time would leave the
history (and the public timeline) in whatever language that request used.
So services store the English templates below, filled in, and
``reason_display`` translates them into the reader's language.
"""

from __future__ import annotations

import re
from functools import cache

from django.utils.translation import gettext, gettext_noop


class ChangeReason:
    SUBMITTED = gettext_noop("Submitted for review")
    PUBLISHED = gettext_noop("Published")
    RETRACTED = gettext_noop("Retracted")
    SENT_BACK = gettext_noop("Sent back to draft: %(comment)s")
    REVIEWED = gettext_noop("Reviewed, no change: %(note)s")
    DEADLINE_EXTENDED = gettext_noop(
        "Deadline extended from %(old)s to %(new)s: %(note)s"
    )
    CORRECTION = gettext_noop("Correction: %(reason)s")
    UPDATE = gettext_noop("Update: %(reason)s")
    CREATED = gettext_noop("Created")
    CHANGED = gettext_noop("Changed")
    ADDED = gettext_noop("Added")
    CREATED_API = gettext_noop("Created through the API")
    CHANGED_API = gettext_noop("Changed through the API")
    ADDED_API = gettext_noop("Added through the API")
    CREATED_ADMIN = gettext_noop("Created in the admin")
    CHANGED_ADMIN = gettext_noop("Changed in the admin")
    ADDED_ADMIN = gettext_noop("Added in the admin")
    CREATED_INTAKE = gettext_noop("Created by intake")
    IMPORTED = gettext_noop("Imported from ClaimReview")
    SEEDED = gettext_noop("Loaded from seed data")
    REVISION_APPROVED = gettext_noop("Revision %(id)s approved by %(reviewer)s")

    @classmethod
    def rating_change(cls, kind: str, reason: str) -> str:
        template = cls.CORRECTION if kind == "correction" else cls.UPDATE
        return template % {"reason": reason.strip()}


TEMPLATES = [
    value
    for name, value in vars(ChangeReason).items()
    if name.isupper() and isinstance(value, str)
]


@cache
def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"%\((\w+)\)s", template)
    regex = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.*)"
        for index, part in enumerate(parts)
    )
    return re.compile(regex + r"\Z", re.DOTALL)


def reason_display(reason: str) -> str:
    """``reason`` in the active language when it is one of the templates.

    Anything else (an editor's own words) is returned unchanged.
    """
    if not reason:
        return ""
    for template in TEMPLATES:
        match = _pattern(template).match(reason)
        if match:
            values = match.groupdict()
            return gettext(template) % values if values else gettext(template)
    return reason
