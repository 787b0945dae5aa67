"""Speakers, articles, topics, the rating scales, and the public logs of
rating and deadline changes."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from claims.admin.common import (
    ADMIN_MEDIA_CSS,
    OptionalSlugForm,
    SlugFillMixin,
    rating_badge,
)
from claims.admin.language import EnglishFieldsMixin
from claims.models import (
    Article,
    DeadlineChange,
    Rating,
    RatingChange,
    RatingScale,
    ReasonCode,
    Speaker,
    Topic,
)
from claims.reasons import ChangeReason
from claims.services.catalogue import catalogue_save


@admin.register(ReasonCode)
class ReasonCodeAdmin(EnglishFieldsMixin, admin.ModelAdmin):
    list_display = ["label_en", "label_zh", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["slug", "label_en", "label_zh"]


@admin.register(RatingChange)
class RatingChangeAdmin(admin.ModelAdmin):
    """Read-only: rows are written when a published claim is re-rated."""

    list_display = ["claim", "kind", "from_rating", "to_rating", "changed_at"]
    list_filter = ["kind"]
    list_select_related = ["claim", "from_rating", "to_rating"]
    search_fields = ["claim__text", "claim__text_en", "reason"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DeadlineChange)
class DeadlineChangeAdmin(RatingChangeAdmin):
    """Read-only: rows are written when a public claim's deadline moves."""

    list_display = ["claim", "from_end", "to_end", "reason", "reason_en", "changed_at"]
    list_filter = []
    list_select_related = ["claim"]


class CatalogueSaveMixin:
    """Saves through ``catalogue_save``: a slug left empty is made there, and
    the claims that show the speaker or article are searched by its new name
    or title."""

    form = OptionalSlugForm

    def save_model(self, request, obj, form, change) -> None:
        reason = ChangeReason.CHANGED_ADMIN if change else ChangeReason.CREATED_ADMIN
        catalogue_save(instance=obj, user=request.user, reason=reason)


@admin.register(Speaker)
class SpeakerAdmin(CatalogueSaveMixin, EnglishFieldsMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "claim_count"]
    search_fields = ["name", "name_en", "slug"]
    # From the English name only (Latin letters the browser can slug); left
    # empty, the slug is made on save from the name, in pinyin.
    prepopulated_fields = {"slug": ["name_en"]}
    # The claim count's GROUP BY drops Meta.ordering: order explicitly so the
    # list and the autocomplete pages are stable.
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, speaker: Speaker) -> int:
        return speaker.claim_count


@admin.register(Article)
class ArticleAdmin(CatalogueSaveMixin, EnglishFieldsMixin, admin.ModelAdmin):
    list_display = ["title", "publisher", "author", "published_on", "claim_count"]
    list_filter = ["publisher", "language"]
    search_fields = ["title", "publisher", "author", "url"]
    date_hierarchy = "published_on"
    ordering = ["-published_on", "title"]
    # No slug prepopulated from the title: the browser's version drops
    # Chinese characters (a title becomes "1502027"). Left empty, the slug
    # is made on save, in pinyin.

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, article: Article) -> int:
        return article.claim_count


@admin.register(Topic)
class TopicAdmin(SlugFillMixin, EnglishFieldsMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]


class RatingInline(EnglishFieldsMixin, admin.TabularInline):
    model = Rating
    extra = 0
    fields = [
        "position",
        "slug",
        "label_en",
        "label_zh",
        "colour",
        "value",
        "applies_to",
        "is_final",
        "requires_reason_code",
    ]


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name", "slug", "worst_value", "best_value"]
    inlines = [RatingInline]


@admin.register(Rating)
class RatingAdmin(EnglishFieldsMixin, admin.ModelAdmin):
    list_display = [
        "badge",
        "slug",
        "scale",
        "value",
        "is_final",
        "requires_reason_code",
        "applies_to",
    ]
    list_filter = ["scale", "is_final", "requires_reason_code"]
    search_fields = ["slug", "label_en", "label_zh"]

    class Media:
        css = ADMIN_MEDIA_CSS

    @admin.display(description=_("rating"))
    def badge(self, rating: Rating):
        return rating_badge(rating)
