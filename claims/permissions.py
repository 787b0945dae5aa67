"""Who may do what with claims: the one place every interface asks.

The answers come from Django model permissions, which editors and reviewers
get from their groups (migration 0002): Editors add, change and view claims,
evidence, appearances and flags; Reviewers also hold ``publish_claim``. The
services, the API's permission classes, the admin and the intake screens all
call these functions, so a rule changes here or nowhere.

Being staff (``is_staff``) only lets an account sign in to the admin; it
grants nothing here. A token-only account in the Editors group may do
through the API what an editor does in the admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from claims.models.choices import PUBLIC_STATES

if TYPE_CHECKING:
    from claims.models import Claim

VIEW_CLAIM = "claims.view_claim"
ADD_CLAIM = "claims.add_claim"
CHANGE_CLAIM = "claims.change_claim"
PUBLISH_CLAIM = "claims.publish_claim"
DELETE_CLAIM = "claims.delete_claim"
ADD_EVIDENCE = "claims.add_evidence"
CHANGE_EVIDENCE = "claims.change_evidence"
DELETE_EVIDENCE = "claims.delete_evidence"
ADD_APPEARANCE = "claims.add_appearance"
CHANGE_APPEARANCE = "claims.change_appearance"
ADD_FLAG = "claims.add_flag"
CHANGE_FLAG = "claims.change_flag"

User = AbstractBaseUser | AnonymousUser | None


def has_perms(user: User, *perms: str) -> bool:
    """Signed in, active, and holding every one of ``perms``."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perms(perms)
    )


def sees_unpublished(user: User) -> bool:
    """Drafts and claims in review are visible to whoever may view claims in
    the admin (editors, reviewers); everyone else sees public claims only."""
    return has_perms(user, VIEW_CLAIM)


def can_create_claim(user: User) -> bool:
    return has_perms(user, ADD_CLAIM)


def can_edit_claim(user: User) -> bool:
    return has_perms(user, CHANGE_CLAIM)


def can_submit(user: User) -> bool:
    """Submitting a draft for review is part of editing it."""
    return has_perms(user, CHANGE_CLAIM)


def can_publish(user: User) -> bool:
    """Publishing, sending back and retracting are the reviewers' decisions."""
    return has_perms(user, PUBLISH_CLAIM)


can_send_back = can_publish
can_retract = can_publish


def is_second_person(user: User, *, author_id: int | None) -> bool:
    """Whether ``user`` may decide on work by the account ``author_id``:
    someone other than its author, or anyone when
    ``settings.ALLOW_SELF_PUBLISH`` is on (a one-person newsroom). Work
    without a known author (seeded, imported) has no author to differ from."""
    if settings.ALLOW_SELF_PUBLISH or author_id is None:
        return True
    return user is not None and user.pk != author_id


def can_delete_claim(user: User, claim: Claim | None = None) -> bool:
    """Reviewers delete drafts and claims in review; a public claim is never
    deleted (readers, feeds and other sites link to it): it is retracted,
    with its reason, instead."""
    if not has_perms(user, DELETE_CLAIM):
        return False
    return claim is None or claim.state not in PUBLIC_STATES


def changes_held_for_review(user: User, claim: Claim) -> bool:
    """Whether a change ``user`` makes to ``claim`` waits for a second person.

    Every change to what readers see of a published or retracted claim (its
    fields, topics and evidence) made by an account is held as a pending
    revision that a reviewer other than its author approves; drafts and
    claims in review change at once. A reviewer's own change applies at once
    only when ``settings.ALLOW_SELF_PUBLISH`` is on. Trusted callers without
    an account (the seed loader, a command) are not held. The admin, the API
    and the bulk actions all ask here.
    """
    if user is None or claim.state not in PUBLIC_STATES:
        return False
    return not (settings.ALLOW_SELF_PUBLISH and can_publish(user))


def can_decide_revision(user: User, *, author_id: int | None) -> bool:
    """Approving or rejecting a pending revision is a reviewer's decision,
    and a second person's."""
    return can_publish(user) and is_second_person(user, author_id=author_id)


def can_withdraw_revision(user: User, *, author_id: int | None) -> bool:
    """Its author may withdraw a pending revision."""
    return user is not None and author_id is not None and user.pk == author_id


def can_add_evidence(user: User) -> bool:
    return has_perms(user, ADD_EVIDENCE)


def can_edit_evidence(user: User) -> bool:
    return has_perms(user, CHANGE_EVIDENCE)


def can_delete_evidence(user: User) -> bool:
    return has_perms(user, DELETE_EVIDENCE)


def can_record_appearance(user: User) -> bool:
    return has_perms(user, ADD_APPEARANCE)


def can_edit_appearance(user: User) -> bool:
    return has_perms(user, CHANGE_APPEARANCE)


def can_raise_flag(user: User) -> bool:
    return has_perms(user, ADD_FLAG)


def can_resolve_flag(user: User) -> bool:
    return has_perms(user, CHANGE_FLAG)


# The backend that holds the group permissions (settings.AUTHENTICATION_BACKENDS
# also lists django-axes', which grants nothing).
_PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def holders(perm: str) -> QuerySet:
    """Active accounts holding ``perm`` (from a group, their own, or as
    superusers): who is told about work they may do."""
    return get_user_model()._default_manager.with_perm(
        perm, is_active=True, include_superusers=True, backend=_PERMISSION_BACKEND
    )


def publishers() -> QuerySet:
    """Who may publish a claim in review (``can_publish``)."""
    return holders(PUBLISH_CLAIM)


def flag_resolvers() -> QuerySet:
    """Who may resolve flags (``can_resolve_flag``): editors and reviewers."""
    return holders(CHANGE_FLAG)
