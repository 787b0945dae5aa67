"""The domain's fixed values, and the groups of them its rules use."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class RatingChangeKind(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    UPDATE = "update", _("Update")


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


class FlagReason(models.TextChoices):
    DEADLINE_PASSED = "deadline_passed", _("Deadline passed")
    REVIEW_OVERDUE = "review_overdue", _("Review overdue")
    EVIDENCE_DEAD = "evidence_dead", _("Evidence dead")
    EVIDENCE_CHANGED = "evidence_changed", _("Evidence changed")
    MANUAL = "manual", _("Raised by an editor")
    VERDICT_UNMAPPED = "verdict_unmapped", _("Verdict label to map")


class FlagResolution(models.TextChoices):
    RE_RATED = "re_rated", _("Re-rated")
    REVIEWED = "reviewed", _("Reviewed, no change")
    DEADLINE_EXTENDED = "deadline_extended", _("Deadline extended")
    DISMISSED = "dismissed", _("Dismissed")


class HeartbeatSource(models.TextChoices):
    BEAT = "beat", _("Beat (scheduler)")
    WORKER = "worker", _("Worker")
    # Not a sign of life: the last time a worker's DNS resolver failed every
    # lookup; the row goes when a lookup on that host works again.
    RESOLVER_FAILING = "resolver", _("DNS resolver failing (worker)")


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("waiting for a second reviewer")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class EvidenceOperation(models.TextChoices):
    ADD = "add", _("added")
    CHANGE = "change", _("changed")
    REMOVE = "remove", _("removed")


class PublicEventKind(models.TextChoices):
    RATING_CHANGED = "rating_changed", _("Rating changed")
    RETRACTED = "retracted", _("Claim retracted")
    DEADLINE_PASSED = "deadline_passed", _("Deadline passed")
    UNDER_REVIEW = "under_review", _("Under review")
    APPEARANCE_ADDED = "appearance_added", _("Repeated in another article")
    PUBLISHED = "published", _("Claim published")
