"""The mail that tells an endpoint's owner it was disabled, in the owner's
language (``claims.services.notifications.recipients``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from claims.services.notifications import mails_send, recipients

from .models import WebhookEndpoint


def endpoint_disabled_mail_send(*, endpoint_id: int) -> int:
    """Mail the owner of a disabled endpoint; returns how many mails went
    out (0 when it is gone, active again, or its owner has no address)."""
    endpoint = (
        WebhookEndpoint.objects.select_related("owner")
        .filter(pk=endpoint_id, active=False)
        .first()
    )
    if endpoint is None:
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse(
        "admin:webhooks_webhookendpoint_change", args=[endpoint.pk]
    )
    mails = []
    for recipient in recipients([endpoint.owner]):
        with translation.override(recipient.language):
            subject = _("Webhook disabled: %(url)s") % {"url": endpoint.url}
            lines = [
                _("Deliveries to this webhook kept failing, so it was disabled:"),
                "",
                endpoint.url,
                _("%(count)d consecutive failed attempts; the last: %(error)s")
                % {
                    "count": endpoint.consecutive_failures,
                    "error": endpoint.disabled_reason,
                },
                "",
                _(
                    "Nothing more is sent to it. Fix the receiver, then make the "
                    "endpoint active again and replay the failed deliveries here:"
                ),
                link,
            ]
        mails.append(
            EmailMessage(
                subject=subject.replace("\n", " "),
                body="\n".join(lines) + "\n",
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[recipient.address],
            )
        )
    return mails_send(mails)
