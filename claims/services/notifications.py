"""The mails that tell editors and reviewers about work: a claim waiting for
review, a claim sent back, a flag raised on a claim someone submitted, and
the daily digest of open flags.

Each mail is written in its recipient's language (``EditorProfile``; the
site's language for an account without one) and sent through the configured
backend (``settings.EMAIL_*``), one mail per recipient so nobody sees the
others' addresses. The services queue notices after their commit
(``outbox``); the ``claims.tasks.notice_send`` task calls ``notice_send``
here. A mail the server refuses is logged and the rest still go out.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AbstractUser
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from claims import permissions
from claims.labels import in_language, marked
from claims.models import Claim, EditorProfile, Flag

from .flags import flag_summary
from .outbox import Notice

logger = logging.getLogger(__name__)

DIGEST_MAX_FLAGS = 200
SUBJECT_CLAIM_LENGTH = 60


@dataclass(frozen=True)
class Recipient:
    address: str
    language: str


def recipients(users: Iterable[AbstractUser]) -> list[Recipient]:
    """The users with an address, each with the language of their mails."""
    users = [user for user in users if user.email]
    languages = dict(
        EditorProfile.objects.filter(user__in=[user.pk for user in users]).values_list(
            "user_id", "language"
        )
    )
    seen: set[str] = set()
    found = []
    for user in sorted(users, key=lambda user: user.email):
        if user.email in seen:
            continue
        seen.add(user.email)
        language = languages.get(user.pk, settings.LANGUAGE_CODE)
        found.append(Recipient(address=user.email, language=language))
    return found


def mails_send(messages: list[EmailMessage]) -> int:
    """Send ``messages`` over one connection; returns how many went out.

    A server that cannot be reached, or refuses one mail, is logged: the
    mails are a courtesy, the work they report is saved already.
    """
    if not messages:
        return 0
    connection = get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException):
        logger.exception("mail server unreachable: %s mails not sent", len(messages))
        return 0
    sent = 0
    try:
        for message in messages:
            message.connection = connection
            try:
                sent += message.send()
            except (OSError, smtplib.SMTPException):
                logger.exception("mail %r to %s not sent", message.subject, message.to)
    finally:
        connection.close()
    return sent


def _mail(recipient: Recipient, subject: str, lines: list[str]) -> EmailMessage:
    return EmailMessage(
        subject=subject.replace("\n", " "),
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.address],
    )


def _admin_link(name: str, *args) -> str:
    # Admin addresses carry no language prefix: one link for every reader.
    return f"{settings.SITE_URL.rstrip('/')}{reverse(name, args=args)}"


def claim_words(claim: Claim, language: str) -> str:
    """The claim's text in ``language``, cut to fit a mail's subject."""
    text = marked(in_language(claim, "text", language))
    if len(text) > SUBJECT_CLAIM_LENGTH:
        text = text[: SUBJECT_CLAIM_LENGTH - 1] + "…"
    return text


def _display_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return _("Someone")
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full_name or user.get_username()


# --- the notices ------------------------------------------------------------------


def notice_send(
    *,
    notice: str,
    claim_id: int | None = None,
    flag_ids: list[int] | None = None,
    actor_id: int | None = None,
    comment: str = "",
) -> int:
    """Render and send one notice; returns how many mails went out.

    - submitted: to the reviewers who may publish the claim, not its author;
    - sent_back: to the claim's author, with the reviewer's comment;
    - flags_raised: to each flagged claim's author, one mail per author,
      unless the author raised the flag.
    Rows deleted since the notice was queued are skipped.
    """
    if notice == Notice.FLAGS_RAISED:
        return mails_send(_flags_raised_mails(flag_ids or []))
    claim = (
        Claim.objects.select_related("submitted_by").filter(pk=claim_id).first()
        if claim_id is not None
        else None
    )
    if claim is None:
        logger.info("%s notice: claim %s is gone", notice, claim_id)
        return 0
    actor = None
    if actor_id is not None:
        actor = get_user_model()._default_manager.filter(pk=actor_id).first()
    if notice == Notice.SUBMITTED:
        return mails_send(_submitted_mails(claim, actor))
    if notice == Notice.SENT_BACK:
        return mails_send(_sent_back_mails(claim, actor, comment))
    raise ValueError(f"unknown notice {notice!r}")


def _submitted_mails(claim: Claim, author: AbstractBaseUser | None) -> list:
    reviewers = permissions.publishers().exclude(pk=claim.submitted_by_id)
    link = _admin_link("admin:claims_claim_change", claim.pk)
    mails = []
    for recipient in recipients(reviewers):
        with translation.override(recipient.language):
            words = claim_words(claim, recipient.language)
            subject = _("Waiting for your review: %(claim)s") % {"claim": words}
            lines = [
                _("%(editor)s submitted a claim for review:")
                % {"editor": _display_name(author)},
                "",
                marked(in_language(claim, "text", recipient.language)),
                "",
                _("Publish it, or send it back with a comment, here:"),
                link,
            ]
        mails.append(_mail(recipient, subject, lines))
    return mails


def _sent_back_mails(
    claim: Claim, reviewer: AbstractBaseUser | None, comment: str
) -> list:
    author = claim.submitted_by
    if author is None:
        return []
    link = _admin_link("admin:claims_claim_change", claim.pk)
    mails = []
    for recipient in recipients([author]):
        with translation.override(recipient.language):
            words = claim_words(claim, recipient.language)
            subject = _("Sent back to you: %(claim)s") % {"claim": words}
            lines = [
                _("%(reviewer)s sent your claim back to draft:")
                % {"reviewer": _display_name(reviewer)},
                "",
                marked(in_language(claim, "text", recipient.language)),
                "",
                _("What to fix:"),
                comment or claim.review_comment,
                "",
                _("Fix it and submit it again here:"),
                link,
            ]
        mails.append(_mail(recipient, subject, lines))
    return mails


def _flags_raised_mails(flag_ids: list[int]) -> list:
    flags = (
        Flag.objects.filter(pk__in=flag_ids, resolved_at__isnull=True)
        .select_related("claim", "claim__submitted_by", "evidence")
        .order_by("claim_id", "raised_at")
    )
    by_author: dict[int, list[Flag]] = {}
    authors = {}
    for flag in flags:
        author = flag.claim.submitted_by
        if author is None or author.get_username() == flag.raised_by:
            continue  # nobody submitted it, or the author raised it
        by_author.setdefault(author.pk, []).append(flag)
        authors[author.pk] = author
    mails = []
    for author_id, author_flags in by_author.items():
        for recipient in recipients([authors[author_id]]):
            with translation.override(recipient.language):
                mails.append(_flags_mail(recipient, author_flags))
    return mails


def _flags_mail(recipient: Recipient, flags: list[Flag]) -> EmailMessage:
    claim_count = len({flag.claim_id for flag in flags})
    if claim_count == 1:
        words = claim_words(flags[0].claim, recipient.language)
        subject = _("Flagged for review: %(claim)s") % {"claim": words}
    else:
        subject = ngettext(
            "%(count)d claim you submitted was flagged for review",
            "%(count)d claims you submitted were flagged for review",
            claim_count,
        ) % {"count": claim_count}
    lines = [_("A claim you submitted needs another look:"), ""]
    for flag in flags:
        lines += [
            marked(in_language(flag.claim, "text", recipient.language)),
            f"[{flag.get_reason_display()}] {flag_summary(flag)}",
            _admin_link("admin:claims_claim_change", flag.claim_id),
            "",
        ]
    lines += [_("The review queue:"), _admin_link("admin:claims_flag_changelist")]
    return _mail(recipient, subject, lines)


# --- the daily digest -------------------------------------------------------------


def flag_digest_send(*, today: date | None = None) -> int:
    """Mail everyone who may resolve flags (editors, reviewers) the list of
    open flags, each in their language; returns how many mails went out.

    Sends nothing when no flag is open or nobody has an e-mail address.
    """
    flags = list(
        Flag.objects.open()
        .select_related("claim", "evidence")
        .order_by("raised_at")[:DIGEST_MAX_FLAGS]
    )
    if not flags:
        return 0
    readers = recipients(permissions.flag_resolvers())
    if not readers:
        return 0
    today = today or timezone.localdate()
    total = Flag.objects.open().count()
    queue = _admin_link("admin:claims_flag_changelist") + "?status=open"
    mails = []
    for recipient in readers:
        with translation.override(recipient.language):
            lines = [
                _("%(count)d open flags in the review queue on %(date)s:")
                % {"count": total, "date": today.isoformat()},
                "",
            ]
            for flag in flags:
                lines.append(
                    f"- [{flag.get_reason_display()}] "
                    f"{marked(in_language(flag.claim, 'text', recipient.language))}: "
                    f"{flag_summary(flag)} ({flag.raised_at:%Y-%m-%d})"
                )
            lines += ["", queue]
            subject = _("Review queue: %(count)d open flags") % {"count": total}
        mails.append(_mail(recipient, subject, lines))
    return mails_send(mails)
