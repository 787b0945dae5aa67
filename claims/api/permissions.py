"""Who may do what: the Django model permissions the admin uses.

Editors and Reviewers get theirs from groups (migration 0002); the API asks
the same questions (``user.has_perm``) as the admin does.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission

VIEW_UNPUBLISHED = "claims.view_claim"


def user_sees_unpublished(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(VIEW_UNPUBLISHED))


def require(*perms: str) -> type[BasePermission]:
    """A permission class: signed in and holding every one of ``perms``."""

    class HasModelPermissions(BasePermission):
        message = "Your account lacks the permission for this: " + ", ".join(perms)

        def has_permission(self, request, view) -> bool:
            user = request.user
            return bool(
                user and user.is_authenticated and user.is_active
            ) and user.has_perms(perms)

    HasModelPermissions.__name__ = "Require_" + "_".join(
        perm.split(".")[-1] for perm in perms
    )
    return HasModelPermissions
