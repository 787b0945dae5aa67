"""Following in the admin: read-only views for the operator (who follows
what, what was sent); subscribers change their own subscriptions through
the manage page their mails link to."""

from __future__ import annotations

from django.contrib import admin

from .models import Delivery, FollowRequest, Subscriber, Subscription


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    fields = [
        "target_kind",
        "claim",
        "speaker",
        "topic",
        "query",
        "frequency",
        "created_at",
    ]
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdmin):
    list_display = ["email", "language", "confirmed_at"]
    search_fields = ["email"]
    inlines = [SubscriptionInline]


@admin.register(FollowRequest)
class FollowRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "target_kind",
        "target_value",
        "language",
        "created_at",
        "expires_at",
    ]
    list_filter = ["target_kind"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["event", "subscriber", "frequency", "state", "attempts", "sent_at"]
    list_filter = ["state", "frequency"]
    list_select_related = ["event", "subscriber"]
    readonly_fields = [field.name for field in Delivery._meta.fields]
