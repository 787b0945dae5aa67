"""Every write the tracker makes: admin actions, API views and tasks call these."""

from .claims import (
    PUBLISH_PERMISSION,
    claim_publish,
    claim_retract,
    claim_send_back,
    claim_submit_for_review,
    user_can_publish,
)

__all__ = [
    "PUBLISH_PERMISSION",
    "claim_publish",
    "claim_retract",
    "claim_send_back",
    "claim_submit_for_review",
    "user_can_publish",
]
