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

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

VIEW_CLAIM = "claims.view_claim"
ADD_CLAIM = "claims.add_claim"
CHANGE_CLAIM = "claims.change_claim"
PUBLISH_CLAIM = "claims.publish_claim"
ADD_EVIDENCE = "claims.add_evidence"
CHANGE_EVIDENCE = "claims.change_evidence"
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


def can_add_evidence(user: User) -> bool:
    return has_perms(user, ADD_EVIDENCE)


def can_edit_evidence(user: User) -> bool:
    return has_perms(user, CHANGE_EVIDENCE)


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
