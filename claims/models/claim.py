"""The tracker's data: who said what, where, how it was rated, and why."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlsplit

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..reasons import ChangeReason


def validate_public_url(value: str) -> None:
    """Refuse addresses a reader's browser should never be sent to.

    Only http and https, and no user name or password in the address
    (``https://bank.example@evil.example/`` reads as bank.example).
    """
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValidationError(
            _("Give a web address starting with http:// or https://."),
            code="scheme",
        )
    if "@" in parts.netloc:
        raise ValidationError(
            _("A web address may not contain a user name or password."),
            code="userinfo",
        )


def text_problem(value: str) -> str | None:
    """Why a piece of text cannot be stored, or None when it is fine."""
    if "\x00" in value:
        return _("Remove the NUL characters from this text.")
    if "\ufffd" in value:
        return _(
            "This text contains the replacement character �: it was damaged "
            "by a wrong character encoding. Paste it again from the source."
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("This text contains invalid Unicode characters.")
    return None


class CleanTextModel(models.Model):
    """Refuses NUL characters, lone surrogates and U+FFFD in every text field.

    PostgreSQL cannot store NUL or lone surrogates (a 500 instead of a form
    error), and U+FFFD means the text was already damaged on the way in.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None) -> None:
        errors: dict[str, list] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.message_dict
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude:
                continue
            if not isinstance(field, models.CharField | models.TextField):
                continue
            value = getattr(self, field.attname)
            if isinstance(value, str) and (problem := text_problem(value)):
                errors.setdefault(field.name, []).append(problem)
        if errors:
            raise ValidationError(errors)


class ClaimKind(models.TextChoices):
    STATISTIC = "statistic", _("Statistic")
    PREDICTION = "prediction", _("Prediction")
    PROMISE = "promise", _("Promise")
    ATTRIBUTION = "attribution", _("Attribution")
    RANKING = "ranking", _("Ranking")
    FACT = "fact", _("Fact")
    OPINION = "opinion", _("Opinion")


# Kinds that carry a deadline and are rated on the outcome scale.
DEADLINE_KINDS = (ClaimKind.PREDICTION, ClaimKind.PROMISE)


class EditorialState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    RETRACTED = "retracted", _("Retracted")


# States an anonymous reader may see: a retracted claim keeps its public page.
PUBLIC_STATES = (EditorialState.PUBLISHED, EditorialState.RETRACTED)


class DuePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half-year")
    YEAR = "year", _("Year")


class Language(models.TextChoices):
    CHINESE = "zh-hans", _("Chinese")
    ENGLISH = "en", _("English")


class TimestampedModel(CleanTextModel):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Speaker(TimestampedModel):
    """A person or organisation on record as making claims."""

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
        if self.name_en and self.name_en != self.name:
            return f"{self.name} ({self.name_en})"
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("claims:speaker", kwargs={"slug": self.slug})


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
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
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
        _("language"), max_length=10, choices=Language, default=Language.CHINESE
    )

    class Meta:
        ordering = ["-published_on", "title"]
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
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("claims:article", kwargs={"slug": self.slug})


class RatingScale(models.Model):
    """A family of ratings with a common numeric range, e.g. veracity."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    best_value = models.IntegerField(_("best value"))
    worst_value = models.IntegerField(_("worst value"))

    class Meta:
        ordering = ["slug"]
        verbose_name = _("rating scale")
        verbose_name_plural = _("rating scales")
        constraints = [
            models.CheckConstraint(
                condition=Q(best_value__gt=F("worst_value")),
                name="rating_scale_best_above_worst",
                violation_error_message=_(
                    "The best value must be greater than the worst value."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name_en


class Rating(models.Model):
    """One rating of a scale: a label in both languages, a colour and a value."""

    scale = models.ForeignKey(
        RatingScale, on_delete=models.PROTECT, related_name="ratings"
    )
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    label_en = models.CharField(_("English label"), max_length=60)
    label_zh = models.CharField(_("Chinese label"), max_length=60)
    description_en = models.CharField(
        _("English description"), max_length=300, blank=True
    )
    description_zh = models.CharField(
        _("Chinese description"), max_length=300, blank=True
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        help_text=_("Badge colour as #rrggbb; white text must be readable on it."),
    )
    value = models.IntegerField(
        _("numeric value"),
        null=True,
        blank=True,
        help_text=_("ClaimReview ratingValue; empty for ratings without a verdict."),
    )
    applies_to = models.JSONField(
        _("applies to kinds"),
        default=list,
        help_text=_("The claim kinds this rating may be given to."),
    )
    is_final = models.BooleanField(
        _("final"),
        default=True,
        help_text=_(
            "A final rating settles the claim; a prediction still carrying a "
            "non-final rating after its deadline is flagged for review."
        ),
    )
    requires_reason_code = models.BooleanField(
        _("requires a reason code"),
        default=False,
        help_text=_(
            "Claims with this rating must say why in a reason code, e.g. "
            "“not delivered” for a broken promise."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["scale", "position"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"),
                name="rating_colour_is_hex",
                violation_error_message=_("Colour must look like #1a7f37."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the active language."""
        if (get_language() or "").startswith("zh"):
            return self.label_zh
        return self.label_en

    def clean(self) -> None:
        invalid = [k for k in self.applies_to or [] if k not in ClaimKind.values]
        if not isinstance(self.applies_to, list) or invalid:
            raise ValidationError(
                {
                    "applies_to": _("Give a list of claim kinds from: %(kinds)s.")
                    % {"kinds": ", ".join(ClaimKind.values)}
                }
            )
        if self.value is not None and self.scale_id is not None:
            scale = self.scale
            if not scale.worst_value <= self.value <= scale.best_value:
                raise ValidationError(
                    {
                        "value": _("The value must lie between %(worst)s and %(best)s.")
                        % {"worst": scale.worst_value, "best": scale.best_value}
                    }
                )

    def applies_to_kind(self, kind: str) -> bool:
        return kind in (self.applies_to or [])


class ReasonCode(CleanTextModel):
    """Why a claim failed: a short, admin-editable list (not delivered, ...)."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    label_en = models.CharField(_("English label"), max_length=60)
    label_zh = models.CharField(_("Chinese label"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive codes stay on the claims that have them."),
    )

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("reason code")
        verbose_name_plural = _("reason codes")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if (get_language() or "").startswith("zh"):
            return self.label_zh
        return self.label_en


class ClaimQuerySet(models.QuerySet):
    def public(self) -> ClaimQuerySet:
        """What an anonymous reader may see: published and retracted claims.

        Every page, feed, sitemap and API endpoint for readers starts here.
        """
        return self.filter(state__in=PUBLIC_STATES)

    def published(self) -> ClaimQuerySet:
        return self.filter(state=EditorialState.PUBLISHED)

    def with_open_flag_count(self) -> ClaimQuerySet:
        return self.annotate(
            open_flag_count=models.Count(
                "flags", filter=Q(flags__resolved_at__isnull=True)
            )
        )


def default_review_interval(kind: str) -> timedelta:
    days = settings.REVIEW_INTERVAL_DAYS.get(kind, 180)
    return timedelta(days=days)


class Claim(TimestampedModel):
    """A checkable statement, its rating and its review clock."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    text = models.TextField(
        _("claim"),
        max_length=2000,
        help_text=_("The statement as made, in its original language."),
    )
    text_en = models.TextField(_("English rendering"), max_length=2000, blank=True)
    quote = models.TextField(
        _("quote"),
        max_length=4000,
        blank=True,
        help_text=_("Verbatim words from the first appearance."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=Language, default=Language.CHINESE
    )
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("speaker"),
    )
    attribution_note = models.CharField(
        _("attribution note"),
        max_length=300,
        blank=True,
        help_text=_("Who originally said it, when the speaker relays someone else."),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("first appearance"),
    )
    position = models.PositiveIntegerField(
        _("position in article"),
        default=0,
        help_text=_("Order of appearance within the article."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ClaimKind)
    claimed_on = models.DateField(_("claimed on"), null=True, blank=True)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="claims", verbose_name=_("topics")
    )

    due_start = models.DateField(_("deadline window start"), null=True, blank=True)
    due_end = models.DateField(_("deadline"), null=True, blank=True)
    due_precision = models.CharField(
        _("deadline precision"), max_length=10, choices=DuePrecision, blank=True
    )
    due_text = models.CharField(
        _("deadline wording"),
        max_length=200,
        blank=True,
        help_text=_("The words the deadline came from, e.g. 2024年上半年."),
    )

    rating = models.ForeignKey(
        Rating,
        on_delete=models.PROTECT,
        related_name="claims",
        null=True,
        blank=True,
        verbose_name=_("rating"),
    )
    rating_explanation = models.TextField(
        _("rating explanation"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences: why this rating."),
    )
    rating_explanation_en = models.TextField(
        _("rating explanation (English)"), max_length=600, blank=True
    )
    analysis = models.TextField(
        _("analysis"), max_length=20000, blank=True, help_text=_("Markdown.")
    )
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    reason_code = models.ForeignKey(
        ReasonCode,
        on_delete=models.PROTECT,
        related_name="claims",
        null=True,
        blank=True,
        verbose_name=_("reason code"),
        help_text=_("Required for the ratings that ask for one (e.g. broken, false)."),
    )

    state = models.CharField(
        _("state"),
        max_length=20,
        choices=EditorialState,
        default=EditorialState.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    retracted_at = models.DateTimeField(_("retracted at"), null=True, blank=True)
    retraction_reason = models.TextField(
        _("retraction reason"), max_length=2000, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_comment = models.TextField(
        _("reviewer's comment"),
        max_length=2000,
        blank=True,
        help_text=_("Why a reviewer sent the claim back to draft."),
    )

    last_reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    review_interval = models.DurationField(
        _("review interval"),
        null=True,
        blank=True,
        help_text=_("Empty: the default for the claim's kind."),
    )
    next_review_at = models.DateTimeField(
        _("next review"), null=True, blank=True, db_index=True
    )

    version = IntegerVersionField()

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        ordering = ["article", "position", "pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        permissions = [("publish_claim", _("Can publish and retract claims"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_start__isnull=True, due_end__isnull=True)
                | Q(due_start__isnull=False, due_end__isnull=False),
                name="claim_due_start_and_end_together",
                violation_error_message=_(
                    "A deadline needs both a start and an end date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(due_start__isnull=True) | Q(due_start__lte=F("due_end")),
                name="claim_due_start_before_end",
                violation_error_message=_(
                    "The deadline cannot end before its window starts."
                ),
            ),
            models.CheckConstraint(
                condition=Q(due_end__isnull=True) | Q(kind__in=DEADLINE_KINDS),
                name="claim_deadline_only_for_predictions_and_promises",
                violation_error_message=_(
                    "Only predictions and promises have a deadline."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=PUBLIC_STATES) | Q(rating__isnull=False),
                name="claim_public_has_rating",
                violation_error_message=_("A claim needs a rating to be published."),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_end"]),
            models.Index(fields=["-rated_at"]),
            # The API's default order, "most recently changed first": its
            # first page is read from the index, not sorted from every row.
            models.Index(fields=["-updated_at", "-id"], name="claim_recently_changed"),
        ]

    def __str__(self) -> str:
        return self.text_en or self.text

    # A re-rating of a published claim carries a public reason: set these
    # two before full_clean()/save(); save() records them as a RatingChange.
    change_kind: str = ""
    change_reason: str = ""

    def save(self, *args, **kwargs) -> None:
        self.check_rating_fits_kind()
        previous_rating_id = self.published_rating_replaced()
        if previous_rating_id is not None:
            errors = self.rating_change_errors()
            if errors:
                raise ValidationError(errors)
            self.rated_at = timezone.now()
            self._change_reason = ChangeReason.rating_change(
                self.change_kind, self.change_reason
            )
        if self.review_interval is None:
            self.review_interval = default_review_interval(self.kind)
        if self.last_reviewed_at is not None:
            self.next_review_at = self.last_reviewed_at + self.review_interval
        super().save(*args, **kwargs)
        if previous_rating_id is not None:
            RatingChange.objects.create(
                claim=self,
                kind=self.change_kind,
                reason=self.change_reason.strip(),
                from_rating_id=previous_rating_id,
                to_rating_id=self.rating_id,
                changed_by=getattr(self, "_history_user", None),
                changed_at=self.rated_at,
            )
            self.change_kind = self.change_reason = ""

    def get_absolute_url(self) -> str:
        return reverse("claims:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors: dict[str, list] = {}
        try:
            self.check_rating_fits_kind()
        except ValidationError as error:
            errors.update(error.message_dict)
        if self.due_end and self.kind not in DEADLINE_KINDS:
            errors.setdefault("due_end", []).append(
                _("Only predictions and promises have a deadline.")
            )
        if bool(self.due_start) != bool(self.due_end):
            field = "due_end" if self.due_start else "due_start"
            errors.setdefault(field, []).append(
                _("A deadline needs both a start and an end date.")
            )
        if self.due_end and not self.due_precision:
            errors.setdefault("due_precision", []).append(
                _("Say how precise the deadline is (day, month, quarter, ...).")
            )
        if self.state in PUBLIC_STATES and self.rating_id is None:
            errors.setdefault("rating", []).append(
                _("A claim needs a rating to be published.")
            )
        # Drafts may be incomplete (an import, an intake suggestion); a
        # reader never sees a failing verdict without its reason code.
        if (
            self.state in PUBLIC_STATES
            and self.rating_id is not None
            and self.reason_code_id is None
            and self.rating.requires_reason_code
        ):
            errors.setdefault("reason_code", []).append(
                _("A “%(rating)s” rating needs a reason code: say why.")
                % {"rating": self.rating.label}
            )
        if self.published_rating_replaced() is not None:
            for field, messages in self.rating_change_errors().items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def published_rating_replaced(self) -> int | None:
        """The stored rating id when this edit re-rates a published claim.

        None when the claim is new, not published, or keeps its rating.
        """
        if self.pk is None:
            return None
        stored = (
            Claim.objects.filter(pk=self.pk).values_list("state", "rating_id").first()
        )
        if stored is None or stored[0] != EditorialState.PUBLISHED:
            return None
        if stored[1] == self.rating_id or stored[1] is None:
            return None
        return stored[1]

    def rating_change_errors(self) -> dict[str, list]:
        errors: dict[str, list] = {}
        if self.change_kind not in RatingChangeKind.values:
            errors["change_kind"] = [
                _(
                    "This claim is published: say whether the new rating is a "
                    "correction (we got it wrong) or an update (the facts changed)."
                )
            ]
        reason = (self.change_reason or "").strip()
        if not reason:
            errors["change_reason"] = [
                _(
                    "This claim is published: write the public reason for the "
                    "new rating. Readers see it on the claim's timeline."
                )
            ]
        elif len(reason) > RatingChange.REASON_MAX_LENGTH:
            errors["change_reason"] = [
                _("Keep the reason under %(max)d characters.")
                % {"max": RatingChange.REASON_MAX_LENGTH}
            ]
        elif problem := text_problem(reason):
            errors["change_reason"] = [problem]
        return errors

    def check_rating_fits_kind(self) -> None:
        """Refuse a rating from a scale that does not apply to this kind.

        Checked on every save, not only in forms: the database cannot see
        the rating's list of kinds, so this is the one place the rule lives.
        """
        if self.rating_id is None or not self.kind:
            return
        rating = self.rating
        if not rating.applies_to_kind(self.kind):
            raise ValidationError(
                {
                    "rating": _(
                        "“%(rating)s” cannot rate a %(kind)s claim; it applies to: "
                        "%(kinds)s."
                    )
                    % {
                        "rating": rating.label_en,
                        "kind": ClaimKind(self.kind).label.lower(),
                        "kinds": ", ".join(rating.applies_to) or "-",
                    }
                }
            )

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def has_deadline(self) -> bool:
        return self.due_end is not None

    def deadline_passed(self, today: date | None = None) -> bool:
        if self.due_end is None:
            return False
        return self.due_end < (today or timezone.localdate())


class RatingChangeKind(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    UPDATE = "update", _("Update")


class RatingChange(models.Model):
    """A published claim's new rating and the public reason for it.

    Written by ``Claim.save()`` whenever a published claim's rating changes,
    so every interface records it; read by the claim timeline and the
    corrections page.
    """

    REASON_MAX_LENGTH = 2000

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="rating_changes"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RatingChangeKind)
    from_rating = models.ForeignKey(
        Rating, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_rating = models.ForeignKey(
        Rating, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    reason = models.TextField(_("public reason"), max_length=REASON_MAX_LENGTH)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("rating change")
        verbose_name_plural = _("rating changes")
        indexes = [models.Index(fields=["-changed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.claim}"


class Appearance(CleanTextModel):
    """A further article in which a tracked claim was repeated."""

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="appearances"
    )
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="appearances"
    )
    position = models.PositiveIntegerField(_("position in article"), default=0)
    quote = models.TextField(_("quote"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article__published_on", "pk"]
        verbose_name = _("further appearance")
        verbose_name_plural = _("further appearances")
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "article"],
                name="appearance_once_per_article",
                violation_error_message=_(
                    "This claim is already recorded in that article."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} @ {self.article}"


class Stance(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    REFUTES = "refutes", _("Refutes")
    CONTEXT = "context", _("Context")


class LinkHealth(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    OK = "ok", _("OK")
    CHANGED = "changed", _("Changed")
    MOVED = "moved", _("Moved")
    DEAD = "dead", _("Dead")
    BLOCKED = "blocked", _("Blocked")


class Evidence(TimestampedModel):
    """A source an editor relies on, and the health of its link."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(
        _("URL"),
        max_length=2000,
        blank=True,
        validators=[validate_public_url],
        help_text=_("Empty when the source has no web address."),
    )
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    date_text = models.CharField(
        _("date as given"),
        max_length=100,
        blank=True,
        help_text=_("The source's date when it is not an exact day, e.g. 2023-08."),
    )
    note = models.TextField(_("note"), max_length=5000, blank=True)
    stance = models.CharField(
        _("stance"), max_length=10, choices=Stance, default=Stance.SUPPORTS
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    health = models.CharField(
        _("link health"),
        max_length=10,
        choices=LinkHealth,
        default=LinkHealth.UNCHECKED,
        db_index=True,
    )
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.URLField(max_length=2000, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    consecutive_failures = models.PositiveSmallIntegerField(default=0)
    first_failed_at = models.DateTimeField(null=True, blank=True)
    health_detail = models.CharField(max_length=500, blank=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True, db_index=True)

    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "http_status",
            "final_url",
            "etag",
            "last_modified",
            "content_hash",
            "consecutive_failures",
            "first_failed_at",
            "health_detail",
            "last_checked_at",
            "next_check_at",
        ]
    )

    class Meta:
        ordering = ["claim", "position", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title


class EvidenceSnapshot(models.Model):
    """The main text of an evidence page as it was at one check."""

    TEXT_LIMIT = 200_000

    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, related_name="snapshots"
    )
    taken_at = models.DateTimeField(default=timezone.now)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.URLField(max_length=2000, blank=True)
    content_hash = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    truncated = models.BooleanField(default=False)

    class Meta:
        ordering = ["-taken_at"]
        get_latest_by = "taken_at"
        verbose_name = _("evidence snapshot")
        verbose_name_plural = _("evidence snapshots")

    def __str__(self) -> str:
        return f"{self.evidence} @ {self.taken_at:%Y-%m-%d %H:%M}"


class FlagReason(models.TextChoices):
    DEADLINE_PASSED = "deadline_passed", _("Deadline passed")
    REVIEW_OVERDUE = "review_overdue", _("Review overdue")
    EVIDENCE_DEAD = "evidence_dead", _("Evidence dead")
    EVIDENCE_CHANGED = "evidence_changed", _("Evidence changed")
    MANUAL = "manual", _("Raised by an editor")


class FlagResolution(models.TextChoices):
    RE_RATED = "re_rated", _("Re-rated")
    REVIEWED = "reviewed", _("Reviewed, no change")
    DEADLINE_EXTENDED = "deadline_extended", _("Deadline extended")
    DISMISSED = "dismissed", _("Dismissed")


class FlagQuerySet(models.QuerySet):
    def open(self) -> FlagQuerySet:
        return self.filter(resolved_at__isnull=True)


class Flag(CleanTextModel):
    """Why a claim needs an editor's look, and how that was settled."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason)
    evidence = models.ForeignKey(
        Evidence,
        on_delete=models.CASCADE,
        related_name="flags",
        null=True,
        blank=True,
    )
    raised_by = models.CharField(
        _("raised by"), max_length=150, help_text=_("A task name or a username.")
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    detail = models.JSONField(_("details"), default=dict, blank=True)

    resolution = models.CharField(
        _("resolution"), max_length=20, choices=FlagResolution, blank=True
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution_note = models.TextField(
        _("resolution note"), max_length=4000, blank=True
    )

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            # Two partial indexes rather than one: NULLs are distinct in a
            # unique index, so (claim, reason, NULL) would not collide.
            models.UniqueConstraint(
                fields=["claim", "reason"],
                condition=Q(resolved_at__isnull=True, evidence__isnull=True),
                name="flag_one_open_per_claim_reason",
                violation_error_message=_(
                    "This claim already has an open flag for this reason."
                ),
            ),
            models.UniqueConstraint(
                fields=["claim", "reason", "evidence"],
                condition=Q(resolved_at__isnull=True, evidence__isnull=False),
                name="flag_one_open_per_claim_reason_evidence",
                violation_error_message=_(
                    "This evidence already has an open flag for this reason."
                ),
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolution="")
                | Q(resolved_at__isnull=False) & ~Q(resolution=""),
                name="flag_resolution_with_resolved_at",
                violation_error_message=_(
                    "A resolved flag needs a resolution, and only a resolved one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.claim}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class HeartbeatSource(models.TextChoices):
    BEAT = "beat", _("Beat (scheduler)")
    WORKER = "worker", _("Worker")


class Heartbeat(models.Model):
    """When beat last sent, or a worker last ran, the heartbeat task.

    Kept in the database so /healthz works without Redis.
    """

    source = models.CharField(_("source"), max_length=10, choices=HeartbeatSource)
    hostname = models.CharField(_("host name"), max_length=200)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "hostname"], name="heartbeat_one_per_host"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}@{self.hostname}"
