"""What the admin's own templates (tracker/templates/admin) ask for."""

from __future__ import annotations

from django import template

from claims.selectors import WorkWaiting, work_waiting

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_work(context) -> WorkWaiting | None:
    """Claims in review and open flags for the signed-in user, counted once
    per request however many places on the page show them."""
    request = context.get("request")
    if request is None or not getattr(request, "user", None):
        return None
    counted = getattr(request, "_claims_work_waiting", None)
    if counted is None:
        counted = work_waiting(user=request.user)
        request._claims_work_waiting = counted
    return counted
