"""Who makes claims, where they appear, and what they are about."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .base import (
    CleanTextModel,
    TimestampedModel,
    validate_language_tag,
    validate_public_url,
)
from .choices import Language
from .paths import slug_path


class Speaker(TimestampedModel):
    """A person or organisation on record as making claims.

    One speaker stands in for "not known yet": article intake attributes a
    draft claim to it when it recognises nobody, and the review workflow
    refuses a claim attributed to it (see ``is_placeholder``).
    """

    PLACEHOLDER_SLUG = "speaker-to-be-confirmed"

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    description_en = models.TextField(
        _("English description"), blank=True, max_length=2000
    )
    is_organisation = models.BooleanField(
        _("organisation"),
        default=False,
        help_text=_("An organisation rather than a person."),
    )
    same_as = models.URLField(
        _("same as"),
        blank=True,
        validators=[validate_public_url],
        help_text=_("A canonical page about the speaker, e.g. Wikipedia."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        """The name in the active language where it exists (admin pickers
        and lists): ``claims.labels.in_language``."""
        from claims.labels import in_language  # claims.labels imports the models

        return in_language(self, "name").text

    # The reader page's route (claims.models.paths.slug_path).
    page_route = "claims:speaker"

    def get_absolute_url(self) -> str:
        return slug_path(self.page_route, self.slug)

    @property
    def is_placeholder(self) -> bool:
        """Whether this is the stand-in for a speaker nobody has chosen yet."""
        return self.slug == self.PLACEHOLDER_SLUG


class Topic(CleanTextModel):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class Article(TimestampedModel):
    """A published piece in which claims appear."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(
        _("title"),
        max_length=500,
        help_text=_("As published, in the article's language."),
    )
    title_en = models.CharField(
        _("English title"),
        max_length=500,
        blank=True,
        help_text=_("For English readers, when the article is not in English."),
    )
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    publisher_en = models.CharField(
        _("English publisher name"), max_length=200, blank=True
    )
    author = models.CharField(_("author"), max_length=200, blank=True)
    url = models.URLField(
        _("URL"), max_length=2000, blank=True, validators=[validate_public_url]
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    date_note = models.CharField(
        _("date note"),
        max_length=300,
        blank=True,
        help_text=_("How certain the publication date is, when it is not exact."),
    )
    language = models.CharField(
        _("language"),
        max_length=35,
        default=Language.CHINESE,
        validators=[validate_language_tag],
        help_text=_("A BCP 47 language tag, e.g. zh-hans, en, fr, pt-br."),
    )

    class Meta:
        ordering = ["-published_on", "title"]
        # The reader's article menu: the most recent articles, in this order.
        indexes = [
            models.Index(fields=["-published_on", "title"], name="article_recent")
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="article_url_unique_when_set",
                violation_error_message=_("Another article already has this URL."),
            ),
        ]

    def __str__(self) -> str:
        """The title in the active language where it exists, else as made."""
        from claims.labels import in_language  # claims.labels imports the models

        return in_language(self, "title").text

    # The reader page's route (claims.models.paths.slug_path).
    page_route = "claims:article"

    def get_absolute_url(self) -> str:
        return slug_path(self.page_route, self.slug)
