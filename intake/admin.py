"""The editor's intake screens: add an article, review its candidate claims."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from claims import permissions

from . import services
from .fetch import ArticleFetchError, fetch_article_text
from .forms import ArticleIntakeForm
from .models import ArticleIntake, Candidate, CandidateStatus

CHANGE_CANDIDATE = "intake.change_candidate"


def highlighted(candidate: Candidate) -> SafeString:
    """The sentence with the spans that made it a candidate marked up."""
    sentence = candidate.sentence
    parts, cursor = [], 0
    for span in sorted(candidate.spans, key=lambda s: (s["start"], -s["end"])):
        start, end = span["start"], span["end"]
        if start < cursor or end > len(sentence):
            continue
        parts.append(escape(sentence[cursor:start]))
        parts.append(
            format_html(
                '<mark class="intake-span intake-{}" title="{}">{}</mark>',
                span["label"],
                span["label"],
                sentence[start:end],
            )
        )
        cursor = end
    parts.append(escape(sentence[cursor:]))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 escaped above


@admin.register(ArticleIntake)
class ArticleIntakeAdmin(admin.ModelAdmin):
    list_display = [
        "article",
        "language",
        "written_on",
        "candidate_count",
        "created_at",
    ]
    list_select_related = ["article"]
    search_fields = ["article__title", "source_url"]
    change_form_template = "admin/intake/articleintake/change_form.html"
    fields = [
        "article",
        "source_url",
        "language",
        "written_on",
        "created_by",
        "created_at",
        "text",
    ]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None) -> bool:
        # The intake itself is a record; editors act on its candidates.
        return False

    @admin.display(description=_("candidates"))
    def candidate_count(self, intake: ArticleIntake) -> int:
        return intake.candidates.count()

    def get_urls(self):
        own = [
            path(
                "candidate/<int:pk>/<str:action>/",
                self.admin_site.admin_view(require_POST(self.candidate_action)),
                name="intake_candidate_action",
            ),
        ]
        return own + super().get_urls()

    def add_view(self, request: HttpRequest, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArticleIntakeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            intake = self._import(request, form)
            if intake is not None:
                return HttpResponseRedirect(
                    reverse("admin:intake_articleintake_change", args=[intake.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Add article"),
            "form": form,
            "opts": self.opts,
            "has_view_permission": self.has_view_permission(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/intake/articleintake/add.html", context)

    def _import(self, request, form: ArticleIntakeForm) -> ArticleIntake | None:
        data = form.cleaned_data
        text, url = (data["text"] or "").strip(), data["url"] or ""
        try:
            if url and not text:
                text = fetch_article_text(url)
            intake, created = services.intake_create(
                text=text,
                written_on=data["written_on"],
                language=data["language"],
                title=data["title"],
                publisher=data["publisher"],
                url=url,
                article=data["article"],
                user=request.user,
            )
        except ArticleFetchError as error:
            form.add_error("url", str(error))
            return None
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return None
        if created:
            messages.success(
                request,
                _("%(count)d candidate claims found.")
                % {"count": intake.candidates.count()},
            )
        else:
            messages.info(
                request,
                _(
                    "This article was imported before; nothing new to suggest. "
                    "Its candidates are below, matched against the tracked claims."
                ),
            )
        return intake

    def change_view(self, request, object_id, form_url="", extra_context=None):
        intake = self.get_object(request, object_id)
        candidates = []
        if intake is not None:
            for candidate in intake.candidates.select_related(
                "similar_claim", "similar_claim__article", "claim", "speaker"
            ):
                candidate.highlighted = highlighted(candidate)
                candidate.repeat_here = (
                    candidate.similar_claim is not None
                    and services.already_in_article(
                        claim=candidate.similar_claim, article=intake.article
                    )
                )
                candidates.append(candidate)
        extra = {
            "candidates": candidates,
            "can_accept": permissions.can_create_claim(request.user),
            "can_record": permissions.can_record_appearance(request.user),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)

    def candidate_action(self, request: HttpRequest, pk: int, action: str):
        return _candidate_action(self, request, pk, action)


def _candidate_action(model_admin, request: HttpRequest, pk: int, action: str):
    candidate = get_object_or_404(Candidate.objects.select_related("intake"), pk=pk)
    back = reverse("admin:intake_articleintake_change", args=[candidate.intake_id])
    allowed = {
        "accept": permissions.can_create_claim,
        "appearance": permissions.can_record_appearance,
        "reject": lambda user: permissions.has_perms(user, CHANGE_CANDIDATE),
    }.get(action)
    if allowed is None or not allowed(request.user):
        raise PermissionDenied
    try:
        if action == "accept":
            claim = services.candidate_accept(candidate=candidate, user=request.user)
            url = reverse("admin:claims_claim_change", args=[claim.pk])
            model_admin.message_user(
                request,
                format_html(
                    'Draft claim <a href="{}">{}</a> created; finish it before '
                    "submitting it for review.",
                    url,
                    claim.slug,
                ),
                messages.SUCCESS,
            )
        elif action == "appearance":
            appearance = services.candidate_record_appearance(
                candidate=candidate, user=request.user
            )
            model_admin.message_user(
                request,
                _("Recorded a further appearance of the tracked claim.")
                if appearance
                else _("The tracked claim is already recorded in this article."),
                messages.SUCCESS,
            )
        else:
            services.candidate_reject(candidate=candidate, user=request.user)
            model_admin.message_user(request, _("Candidate rejected."), messages.INFO)
    except ValidationError as error:
        model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
    return HttpResponseRedirect(f"{back}#candidate-{candidate.pk}")


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["sentence_short", "kind", "score", "due_end", "status", "intake"]
    list_filter = ["status", "kind"]
    search_fields = ["sentence"]
    list_select_related = ["intake__article"]
    readonly_fields = [
        "intake",
        "sentence",
        "position",
        "kind",
        "score",
        "spans",
        "due_start",
        "due_end",
        "due_precision",
        "due_text",
        "text",
        "speaker",
        "speaker_name",
        "similar_claim",
        "similarity",
        "status",
        "claim",
        "decided_by",
        "decided_at",
    ]
    actions = ["accept_selected", "reject_selected"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("sentence"))
    def sentence_short(self, candidate: Candidate) -> str:
        return candidate.sentence[:80]

    @admin.action(description=_("Accept selected as draft claims"))
    def accept_selected(self, request, queryset) -> None:
        if not permissions.can_create_claim(request.user):
            raise PermissionDenied
        made = 0
        for candidate in queryset.filter(status=CandidateStatus.OPEN):
            services.candidate_accept(candidate=candidate, user=request.user)
            made += 1
        self.message_user(
            request, _("%(count)d draft claims created.") % {"count": made}
        )

    @admin.action(description=_("Reject selected"))
    def reject_selected(self, request, queryset) -> None:
        for candidate in queryset.filter(status=CandidateStatus.OPEN):
            services.candidate_reject(candidate=candidate, user=request.user)
