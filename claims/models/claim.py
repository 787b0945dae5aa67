"""A claim: what was said, its deadline, its rating, its review clock; where
else it appeared, and the public record of its re-ratings."""

from __future__ import annotations

from datetime import date, timedelta

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import TimestampedModel, text_problem, validate_language_tag
from .catalogue import Article, Speaker, Topic
from .choices import (
    DEADLINE_KINDS,
    PUBLIC_STATES,
    ClaimKind,
    DuePrecision,
    EditorialState,
    Language,
    RatingChangeKind,
)
from .paths import slug_path
from .ratings import Rating, ReasonCode

# The longest public reason for a published claim's new rating.
RATING_CHANGE_REASON_MAX_LENGTH = 2000


class ClaimQuerySet(models.QuerySet):
    def public(self) -> ClaimQuerySet:
        """What an anonymous reader may see: published and retracted claims.

        Every page, feed, sitemap and API endpoint for readers starts here.
        """
        return self.filter(state__in=PUBLIC_STATES)

    def published(self) -> ClaimQuerySet:
        return self.filter(state=EditorialState.PUBLISHED)

    # Deadlines. A deadline is a window whose two ends are set together, on
    # predictions and promises only (check constraints): its end decides.
    # These filter on the deadline alone, whatever the editorial state, so
    # reader pages start from public() and editors see drafts too.
    # Claim.has_deadline and Claim.deadline_passed() are the same rules.

    def with_deadline(self) -> ClaimQuerySet:
        return self.filter(due_end__isnull=False)

    def without_deadline(self) -> ClaimQuerySet:
        return self.filter(due_end__isnull=True)

    def deadline_passed(self, today: date | None = None) -> ClaimQuerySet:
        """Claims whose deadline window ended before ``today`` (by default
        the local date): a window ending today is still upcoming ("due today").
        """
        return self.filter(due_end__lt=today or timezone.localdate())

    def deadline_upcoming(self, today: date | None = None) -> ClaimQuerySet:
        """Claims whose deadline window ends ``today`` (by default the local
        date) or later, whether or not the window has started.
        """
        return self.filter(due_end__gte=today or timezone.localdate())

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
        _("language"),
        max_length=35,
        default=Language.CHINESE,
        validators=[validate_language_tag],
        help_text=_("A BCP 47 language tag, e.g. zh-hans, en, fr, pt-br."),
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
    attribution_note_en = models.CharField(
        _("attribution note (English)"), max_length=300, blank=True
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
        _("analysis"),
        max_length=20000,
        blank=True,
        help_text=_("Markdown, in Chinese."),
    )
    analysis_en = models.TextField(
        _("analysis (English)"),
        max_length=20000,
        blank=True,
        help_text=_("Markdown."),
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
    retraction_reason_en = models.TextField(
        _("retraction reason (English)"), max_length=2000, blank=True
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
            # Public claims by deadline: the home page's "upcoming" and "just
            # passed" (read forwards and backwards) and the list sorted by
            # deadline, read from the index rather than sorted from every row.
            models.Index(
                fields=["due_end", "id"],
                condition=Q(state__in=PUBLIC_STATES),
                name="claim_public_deadline",
            ),
        ]

    def __str__(self) -> str:
        """The claim in the active language where it exists, else as made
        (admin pickers, history, mails): ``claims.labels.in_language``."""
        from claims.labels import in_language  # claims.labels imports the models

        return in_language(self, "text").text

    # A re-rating of a published claim carries a public reason: the claim
    # services set these two before full_clean(), which asks for them, and
    # record them as a RatingChange (claims.services.claims.claim_update).
    change_kind: str = ""
    change_reason: str = ""
    change_reason_en: str = ""

    def save(self, *args, **kwargs) -> None:
        self.check_rating_fits_kind()
        if self.review_interval is None:
            self.review_interval = default_review_interval(self.kind)
        if self.last_reviewed_at is not None:
            self.next_review_at = self.last_reviewed_at + self.review_interval
        super().save(*args, **kwargs)

    # The reader page's route (claims.models.paths.slug_path).
    page_route = "claims:detail"

    def get_absolute_url(self) -> str:
        return slug_path(self.page_route, self.slug)

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
            and (rating := self.rating) is not None
            and rating.requires_reason_code
        ):
            errors.setdefault("reason_code", []).append(
                _("A “%(rating)s” rating needs a reason code: say why.")
                % {"rating": rating.label}
            )
        if self.published_rating_replaced() is not None:
            for field, messages in self.rating_change_errors().items():
                errors.setdefault(field, []).extend(messages)
        elif self.public_deadline_changed():
            for field, messages in self.deadline_change_errors().items():
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

    def public_deadline_changed(self) -> bool:
        """True when this edit moves the deadline (window, precision or
        wording) of a claim readers can see."""
        if self.pk is None:
            return False
        stored = (
            Claim.objects.filter(pk=self.pk)
            .values_list("state", "due_start", "due_end", "due_precision", "due_text")
            .first()
        )
        if stored is None or stored[0] not in PUBLIC_STATES:
            return False
        return tuple(stored[1:]) != (
            self.due_start,
            self.due_end,
            self.due_precision,
            self.due_text,
        )

    def deadline_change_errors(self) -> dict[str, list]:
        reason = (self.change_reason or "").strip()
        if not reason:
            return {
                "change_reason": [
                    _(
                        "This claim is public: write the public reason for the "
                        "new deadline. Readers see it on the claim's timeline."
                    )
                ]
            }
        if len(reason) > RATING_CHANGE_REASON_MAX_LENGTH:
            return {
                "change_reason": [
                    _("Keep the reason under %(max)d characters.")
                    % {"max": RATING_CHANGE_REASON_MAX_LENGTH}
                ]
            }
        if problem := text_problem(reason):
            return {"change_reason": [problem]}
        return {}

    def rating_change_errors(self) -> dict[str, list]:
        errors: dict[str, list] = {}
        if self.change_kind not in RatingChangeKind.values:
            errors["change_kind"] = [
                _(
                    "This claim is published: say whether the new rating is a "
                    "correction (we got it wrong) or an update (the facts changed)."
                )
            ]
        # The reason in Chinese, in English or both; one of them is required.
        reasons = {
            "change_reason": (self.change_reason or "").strip(),
            "change_reason_en": (self.change_reason_en or "").strip(),
        }
        if not any(reasons.values()):
            errors["change_reason"] = [
                _(
                    "This claim is published: write the public reason for the "
                    "new rating. Readers see it on the claim's timeline."
                )
            ]
        for field, reason in reasons.items():
            if len(reason) > RATING_CHANGE_REASON_MAX_LENGTH:
                errors[field] = [
                    _("Keep the reason under %(max)d characters.")
                    % {"max": RATING_CHANGE_REASON_MAX_LENGTH}
                ]
            elif problem := text_problem(reason):
                errors[field] = [problem]
        return errors

    def check_rating_fits_kind(self) -> None:
        """Refuse a rating from a scale that does not apply to this kind.

        Checked on every save, not only in forms: the database cannot see
        the rating's list of kinds, so this is the one place the rule lives.
        """
        rating = self.rating if self.rating_id is not None else None
        if rating is None or not self.kind:
            return
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
        """The rule of ``Claim.objects.with_deadline()``."""
        return self.due_end is not None

    def deadline_passed(self, today: date | None = None) -> bool:
        """The rule of ``Claim.objects.deadline_passed(today)``: the window
        ended before ``today`` (by default the local date)."""
        if self.due_end is None:
            return False
        return self.due_end < (today or timezone.localdate())
