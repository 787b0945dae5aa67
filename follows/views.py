"""The follow pages: the form's answer, confirming, managing, unsubscribing.

The follow form sits on cached reader pages, which carry no CSRF token (a
token is per visitor; the cached page is shared), so ``follow`` is exempt
from CSRF and protected otherwise: a POST from another site's page is
refused by its ``Origin``; what it can do at most is send a confirmation
mail, which anyone can ask for by typing the address; requests are
throttled per client address and per e-mail address. The unsubscribe
address accepts RFC 8058's one-click POST (no token, no cookie: a mail
program sends it), authorised by its signed link. The confirmation and
manage pages are rendered per request and use Django's CSRF protection.

None of these pages is cached or indexed.
"""

from __future__ import annotations

import logging
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tracker.security import client_ip

from . import tasks
from .forms import FollowForm, ManageForm
from .services.mails import subscriber_links
from .services.subscriptions import (
    RequestExpired,
    follow_confirm,
    follow_request,
    subscriptions_end,
)
from .services.targets import TargetInvalid, target_of, target_resolve
from .services.throttles import FollowThrottle
from .services.tokens import (
    LinkInvalid,
    confirmation_read,
    confirmation_token,
    subscriber_read,
    subscriber_token,
)

logger = logging.getLogger(__name__)


def private_page(view):
    """Never cached by a shared cache, never indexed."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper


def _same_origin(request: HttpRequest) -> bool:
    """False for a POST another site's page sent (browsers name it in
    ``Origin``); true without the header (older clients, scripts)."""
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.get_host()


def _message(
    request: HttpRequest, title: str, text: str, *, status: int = 200, **extra
) -> HttpResponse:
    return render(
        request,
        "follows/message.html",
        {"title": title, "text": text, **extra},
        status=status,
    )


@csrf_exempt
@require_POST
@private_page
def follow(request: HttpRequest) -> HttpResponse:
    """Ask to follow a target. The answer is the same whatever the address
    follows already (see ``services.subscriptions``)."""
    if not _same_origin(request):
        return _message(
            request,
            _("Not sent"),
            _("This form can only be sent from this site."),
            status=403,
        )
    per_client = FollowThrottle(
        scope="client",
        rate=settings.FOLLOW_THROTTLE_PER_CLIENT,
        ident=client_ip(request),
    )
    if not per_client.allowed():
        return _message(
            request,
            _("Too many requests"),
            _("Too many follow requests came from your connection. Try again later."),
            status=429,
        )
    form = FollowForm(request.POST)
    target = None
    if form.is_valid():
        try:
            target = target_resolve(
                form.cleaned_data["kind"], form.cleaned_data["value"]
            )
            outcome, confirmation = follow_request(
                address=form.cleaned_data["email"],
                kind=form.cleaned_data["kind"],
                value=form.cleaned_data["value"],
                frequency=form.cleaned_data["frequency"],
                language=translation.get_language(),
            )
        except TargetInvalid as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error("email", error)
        else:
            logger.info("follow request: %s", outcome.value)
            if confirmation is not None:
                token = confirmation_token(confirmation)
                transaction.on_commit(
                    lambda: tasks.confirmation_send.delay(token), robust=True
                )
            return render(
                request, "follows/check_mail.html", {"target_label": target.label()}
            )
    return render(
        request,
        "follows/follow_invalid.html",
        {"form": form, "target": target},
        status=400,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a button that confirms (a link checker opening the mail's link
    must not subscribe anybody); POST: confirm."""
    try:
        confirmation = confirmation_read(token)
        target = target_resolve(confirmation.kind, confirmation.value)
    except (LinkInvalid, TargetInvalid):
        return _message(
            request,
            _("This link does not work"),
            _(
                "The link has expired or is incomplete. "
                "Ask to follow again from the page."
            ),
            status=400,
        )
    with translation.override(confirmation.language):
        label = target.label()
    if request.method != "POST":
        return render(
            request, "follows/confirm.html", {"token": token, "target_label": label}
        )
    try:
        subscriber, _target = follow_confirm(confirmation=confirmation)
    except (RequestExpired, TargetInvalid) as error:
        return _message(request, _("This link does not work"), str(error), status=400)
    manage, _unsubscribe = subscriber_links(subscriber)
    return _message(
        request,
        _("Confirmed"),
        _("You now follow %(target)s. Every mail has a link to stop it.")
        % {"target": label},
        link=manage,
        link_text=_("What you follow"),
    )


def _subscriber_or_error(request: HttpRequest, token: str):
    try:
        return subscriber_read(token), None
    except LinkInvalid:
        return None, _message(
            request,
            _("This link does not work"),
            _("The link is incomplete. Use the link in one of our mails."),
            status=400,
        )


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """What an address follows; ending any or all of it."""
    subscriber, error = _subscriber_or_error(request, token)
    if error is not None:
        return error
    if subscriber is None:
        return _message(
            request,
            _("You follow nothing"),
            _("This address follows nothing: it is not stored any more."),
        )
    subscriptions = list(
        subscriber.subscriptions.select_related("claim", "speaker", "topic")
    )
    form = ManageForm(
        request.POST or None,
        choices=[(item.pk, item.pk) for item in subscriptions],
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["subscriptions"]
        if form.cleaned_data["end_all"] or chosen:
            deleted = subscriptions_end(
                subscriber=subscriber,
                subscription_ids=None if form.cleaned_data["end_all"] else chosen,
            )
            if deleted:
                return _message(
                    request,
                    _("Unsubscribed"),
                    _(
                        "You follow nothing any more, and your address "
                        "has been deleted."
                    ),
                )
            subscriptions = list(
                subscriber.subscriptions.select_related("claim", "speaker", "topic")
            )
    rows = [
        {
            "pk": item.pk,
            "label": target_of(item).label(),
            "url": target_of(item).page_url(),
            "frequency": item.get_frequency_display(),
        }
        for item in subscriptions
    ]
    return render(
        request,
        "follows/manage.html",
        {"subscriber": subscriber, "rows": rows, "token": subscriber_token(subscriber)},
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a button; POST (the button, or a mail program's RFC 8058
    one-click request): end every subscription and delete the address."""
    subscriber, error = _subscriber_or_error(request, token)
    if error is not None:
        return error
    if request.method == "POST":
        if subscriber is not None:
            subscriptions_end(subscriber=subscriber)
        return _message(
            request,
            _("Unsubscribed"),
            _("You follow nothing any more, and your address has been deleted."),
        )
    if subscriber is None:
        return _message(
            request,
            _("You follow nothing"),
            _("This address follows nothing: it is not stored any more."),
        )
    return render(
        request, "follows/unsubscribe.html", {"token": token, "subscriber": subscriber}
    )
