"""An account's own settings (``EditorProfile``)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from claims.models import EditorProfile


def editor_profile_get(*, user: AbstractBaseUser) -> EditorProfile:
    """The user's profile, created with the defaults on first use."""
    profile, _created = EditorProfile.objects.get_or_create(user_id=user.pk)
    return profile


def editor_profile_update(*, user: AbstractBaseUser, language: str) -> EditorProfile:
    """Set the language of the user's mails (``zh-hans`` or ``en``)."""
    profile = editor_profile_get(user=user)
    profile.language = language
    profile.full_clean()
    profile.save()
    return profile
