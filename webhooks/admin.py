"""Webhook endpoints in the admin: an editor's own endpoints, their
delivery log (filtered by status) and a replay action."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from claims.models import PublicEventKind

from . import services
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=PublicEventKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The kinds of public event posted to this URL."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        problem = services.url_problem(url)
        if problem:
            raise ValidationError(
                _("Deliveries cannot go to this address: %(problem)s.")
                % {"problem": problem},
                code="refused",
            )
        return url


def _own(queryset, request: HttpRequest, owner_field: str):
    if request.user.is_superuser:
        return queryset
    return queryset.filter(**{owner_field: request.user})


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = [
        "url",
        "owner",
        "active",
        "event_names",
        "consecutive_failures",
        "disabled_at",
        "delivery_log",
    ]
    list_filter = ["active"]
    search_fields = ["url", "description"]
    list_select_related = ["owner"]
    readonly_fields = [
        "owner",
        "signing_secret",
        "previous_secret_expires_at",
        "consecutive_failures",
        "disabled_at",
        "disabled_reason",
        "delivery_log",
    ]
    actions = ["rotate_secret"]

    def get_queryset(self, request):
        return _own(super().get_queryset(request), request, "owner")

    def get_fields(self, request, obj=None):
        fields = ["url", "description", "events", "active"]
        if obj is None:
            return fields
        shown = [*fields, *self.readonly_fields]
        if obj.owner_id != request.user.pk:
            # Only its owner reads the secret (to copy it into the receiver).
            shown.remove("signing_secret")
        return shown

    @admin.display(description=_("events"))
    def event_names(self, endpoint: WebhookEndpoint) -> str:
        labels = dict(PublicEventKind.choices)
        return ", ".join(str(labels.get(kind, kind)) for kind in endpoint.events)

    @admin.display(description=_("signing secret"))
    def signing_secret(self, endpoint: WebhookEndpoint) -> str:
        return format_html('<code class="webhook-secret">{}</code>', endpoint.secret)

    @admin.display(description=_("delivery log"))
    def delivery_log(self, endpoint: WebhookEndpoint) -> str:
        link = reverse("admin:webhooks_webhookdelivery_changelist")
        return format_html(
            '<a href="{}?endpoint__id__exact={}">{}</a>',
            link,
            endpoint.pk,
            _("Deliveries"),
        )

    def save_model(self, request, obj, form, change) -> None:
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if change:
            services.endpoint_update(endpoint=obj, fields=fields)
        else:
            created = services.endpoint_create(owner=request.user, **fields)
            obj.pk = created.pk
            obj.owner = created.owner
            obj.secret = created.secret

    @admin.action(description=_("Rotate the signing secret of the selected endpoints"))
    def rotate_secret(self, request, queryset) -> None:
        count = 0
        for endpoint in queryset:
            services.endpoint_rotate_secret(endpoint=endpoint)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d secret rotated: the old one stays valid for the grace "
                "period.",
                "%(count)d secrets rotated: the old ones stay valid for the grace "
                "period.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = [
        "started_at",
        "replay",
        "status_code",
        "duration_ms",
        "succeeded",
        "error",
        "response_excerpt",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "endpoint",
        "kind",
        "status",
        "attempt_count",
        "last_status_code",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["status", "kind", "endpoint"]
    list_select_related = ["endpoint"]
    date_hierarchy = "created_at"
    fields = [
        "endpoint",
        "event",
        "kind",
        "status",
        "attempt_count",
        "created_at",
        "next_attempt_at",
        "delivered_at",
        "last_status_code",
        "last_error",
        "body",
    ]
    readonly_fields = fields
    inlines = [WebhookAttemptInline]
    actions = ["replay"]

    def get_queryset(self, request):
        return _own(super().get_queryset(request), request, "endpoint__owner")

    def has_add_permission(self, request) -> bool:
        return False

    def get_list_filter(self, request):
        return ["status", "kind"] if not request.user.is_superuser else self.list_filter

    @admin.action(
        description=_("Send the selected deliveries again"), permissions=["change"]
    )
    def replay(self, request, queryset) -> None:
        queued = 0
        for delivery in queryset.select_related("endpoint"):
            try:
                services.delivery_replay(delivery=delivery)
            except ValidationError as error:
                self.message_user(
                    request, f"{delivery}: {' '.join(error.messages)}", messages.ERROR
                )
                continue
            queued += 1
        if queued:
            self.message_user(
                request,
                ngettext(
                    "%(count)d delivery queued to be sent again.",
                    "%(count)d deliveries queued to be sent again.",
                    queued,
                )
                % {"count": queued},
                messages.SUCCESS,
            )
