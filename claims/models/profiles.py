"""What each editor or reviewer chooses for themselves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Language


class EditorProfile(models.Model):
    """An account's own settings: the language its e-mails are written in.

    An account without a profile gets the site's language
    (``settings.LANGUAGE_CODE``, Chinese).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="editor_profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language of your e-mails"),
        max_length=7,
        choices=Language,
        default=Language.CHINESE,
        help_text=_(
            "Notices (a claim waiting for review, sent back, flagged) and the "
            "daily digest are written in this language."
        ),
    )

    class Meta:
        verbose_name = _("e-mail settings")
        verbose_name_plural = _("e-mail settings")

    def __str__(self) -> str:
        return str(self.user)
