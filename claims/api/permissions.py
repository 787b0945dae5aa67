"""The API's permission classes; the rules are in ``claims.permissions``.

Editors and Reviewers get their model permissions from groups (migration
0002); the API asks the same questions as the admin and the services.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from claims import permissions


def require(*perms: str) -> type[BasePermission]:
    """A permission class: signed in, active and holding every one of ``perms``."""

    class HasModelPermissions(BasePermission):
        message = "Your account lacks the permission for this: " + ", ".join(perms)

        def has_permission(self, request, view) -> bool:
            return permissions.has_perms(request.user, *perms)

    HasModelPermissions.__name__ = "Require_" + "_".join(
        perm.split(".")[-1] for perm in perms
    )
    return HasModelPermissions
