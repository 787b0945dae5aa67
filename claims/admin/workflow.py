"""The review workflow as buttons on the claim form: submit for review,
publish, send back (with a comment), retract (with the reason).

Each button saves the form like "Save" does (refused, with the editor's
input kept, when someone else saved the claim since it was opened) and then
calls the same service function as the list action of that name. Only the
steps the claim's state allows and the user may take (``claims.permissions``)
get a button; the service checks both again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from concurrency.exceptions import RecordModifiedError
from django import forms
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from claims import permissions, services
from claims.exceptions import StaleUpdate
from claims.models import Claim, EditorialState

# The posted name of the workflow buttons; the value names the step.
WORKFLOW_BUTTON = "_workflow"


@dataclass(frozen=True)
class WorkflowStep:
    name: str
    label: str
    state: str
    allowed: Callable[[AbstractBaseUser], bool]
    run: Callable[..., Claim]
    done: str
    needs_note: bool = False


def _submit(*, claim: Claim, user: AbstractBaseUser, note: str) -> Claim:
    return services.claim_submit_for_review(claim=claim, user=user)


def _publish(*, claim: Claim, user: AbstractBaseUser, note: str) -> Claim:
    return services.claim_publish(claim=claim, user=user)


def _send_back(*, claim: Claim, user: AbstractBaseUser, note: str) -> Claim:
    return services.claim_send_back(claim=claim, user=user, comment=note)


def _retract(*, claim: Claim, user: AbstractBaseUser, note: str) -> Claim:
    return services.claim_retract(claim=claim, user=user, reason=note)


STEPS: tuple[WorkflowStep, ...] = (
    WorkflowStep(
        "submit",
        _("Submit for review"),
        EditorialState.DRAFT,
        permissions.can_submit,
        _submit,
        _("The claim was submitted for review."),
    ),
    WorkflowStep(
        "publish",
        _("Publish"),
        EditorialState.IN_REVIEW,
        permissions.can_publish,
        _publish,
        _("The claim was published: readers can see it now."),
    ),
    WorkflowStep(
        "send_back",
        _("Send back to draft"),
        EditorialState.IN_REVIEW,
        permissions.can_send_back,
        _send_back,
        _("The claim was sent back to its editor as a draft, with your comment."),
        needs_note=True,
    ),
    WorkflowStep(
        "retract",
        _("Retract"),
        EditorialState.PUBLISHED,
        permissions.can_retract,
        _retract,
        _("The claim was retracted; its page shows your reason."),
        needs_note=True,
    ),
)


def steps_for(claim: Claim | None, user: AbstractBaseUser) -> list[WorkflowStep]:
    """The steps a button is shown for: those the claim's state allows and
    the user may take."""
    if claim is None or claim.pk is None:
        return []
    return [step for step in STEPS if step.state == claim.state and step.allowed(user)]


def workflow_note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Comment or reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "For “Send back to draft”: what the editor should fix. For "
            "“Retract”: why, shown to readers on the claim's page."
        ),
    )


class WorkflowButtonsMixin:
    """Adds the workflow buttons to a ``ModelAdmin`` of claims."""

    def render_change_form(self, request, context, add=False, change=False, **kw):
        steps = steps_for(kw.get("obj"), request.user) if change else []
        context["workflow_steps"] = steps
        context["workflow_needs_note"] = any(step.needs_note for step in steps)
        return super().render_change_form(request, context, add, change, **kw)

    def workflow_step_chosen(self, request: HttpRequest) -> str | None:
        return request.POST.get(WORKFLOW_BUTTON) or None

    def response_change(self, request: HttpRequest, obj: Claim):
        name = self.workflow_step_chosen(request)
        if name is None:
            return super().response_change(request, obj)
        self.run_workflow_step(request, obj, name)
        return HttpResponseRedirect(request.path)

    def run_workflow_step(self, request: HttpRequest, claim: Claim, name: str) -> None:
        step = next((step for step in STEPS if step.name == name), None)
        if step is None:
            self.message_user(
                request,
                _("No such step: use one of the buttons on the form."),
                messages.ERROR,
            )
            return
        note = request.POST.get("workflow_note", "")
        try:
            step.run(claim=claim, user=request.user, note=note)
        except (PermissionDenied, ValidationError) as error:
            problems = (
                error.messages if isinstance(error, ValidationError) else [str(error)]
            )
            self.message_user(
                request,
                _("“%(step)s” was not done: %(problem)s")
                % {"step": step.label, "problem": " ".join(problems)},
                messages.ERROR,
            )
        except (RecordModifiedError, StaleUpdate):
            self.message_user(
                request,
                _(
                    "“%(step)s” was not done: someone else saved the claim at the "
                    "same moment. Check it as it is now and try again."
                )
                % {"step": step.label},
                messages.ERROR,
            )
        else:
            self.message_user(request, step.done, messages.SUCCESS)
