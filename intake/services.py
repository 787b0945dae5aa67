"""Every write of the article intake: the admin, the API and the command call these."""

from __future__ import annotations

import hashlib
import re
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import (
    DEADLINE_KINDS,
    Appearance,
    Article,
    Claim,
    Language,
    Speaker,
)
from claims.reasons import ChangeReason
from claims.services.appearances import appearance_create
from claims.services.claims import claim_create
from claims.services.slugs import save_with_unique_slug, slug_base
from claims.services.text import text_neutralise

from . import spotter
from .models import ArticleIntake, Candidate, CandidateStatus
from .repeats import RepeatIndex, TrackedText
from .speakers import name_matches

# Draft claims whose speaker the spotter did not recognise get this one; the
# claim cannot be submitted for review until an editor sets the real speaker.
PLACEHOLDER_SPEAKER_NAME = "待确认发言人"
PLACEHOLDER_SPEAKER_NAME_EN = "Speaker to be confirmed"

_SPACE = re.compile(r"\s+")


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


def guess_language(text: str) -> str:
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return Language.CHINESE if han >= latin / 4 else Language.ENGLISH


def title_from_text(text: str) -> str:
    """The first line that reads like a headline, for an article with no title."""
    for line in text.splitlines():
        line = line.strip()
        if 6 <= len(line) <= 120:
            return line
    return _SPACE.sub(" ", text).strip()[:80] or _("Untitled article")


def text_for_intake(text: str) -> str:
    """The text as intake reads it: without bidirectional controls
    (``claims.services.text``), stripped, and at most ``INTAKE_MAX_CHARS``
    characters long (longer is a ``ValidationError`` on "text")."""
    text = text_neutralise(text).strip()
    limit = settings.INTAKE_MAX_CHARS
    if len(text) > limit:
        raise ValidationError(
            {
                "text": _(
                    "The article text is too long: %(length)s characters, at most "
                    "%(limit)s. Paste the part with the claims."
                )
                % {"length": len(text), "limit": limit}
            }
        )
    return text


def suggestions(text: str, *, written_on: date) -> list[spotter.Candidate]:
    """The article's most check-worthy sentences, best first."""
    return spotter.top_candidates(
        text,
        written_on=written_on,
        limit=settings.INTAKE_MAX_CANDIDATES,
        min_score=settings.INTAKE_MIN_SCORE,
    )


def repeat_index() -> RepeatIndex:
    """Every tracked claim's wording: its text, quote and English rendering."""
    rows = Claim.objects.values_list("pk", "text", "quote", "text_en")
    return RepeatIndex(
        TrackedText(pk, wording)
        for pk, *wordings in rows
        for wording in wordings
        if wording
    )


def _article_for(
    *, url: str, title: str, publisher: str, written_on: date, language: str
) -> Article:
    if url:
        existing = Article.objects.filter(url=url).first()
        if existing:
            return existing
    existing = Article.objects.filter(title=title).first()
    if existing:
        return existing
    article = Article(
        title=title[:500],
        publisher=publisher[:200],
        url=url,
        published_on=written_on,
        language=language,
    )
    base = slug_base(title, fallback=f"article-{written_on:%Y%m%d}")
    save_with_unique_slug(article, base=base)
    return article


@transaction.atomic
def intake_create(
    *,
    text: str,
    written_on: date,
    language: str = "",
    title: str = "",
    publisher: str = "",
    url: str = "",
    article: Article | None = None,
    user: AbstractBaseUser | None = None,
) -> tuple[ArticleIntake, bool]:
    """Import an article's text and store its candidate claims.

    The same text imported again returns the earlier intake (``created`` is
    False) with its suggestions matched afresh against the tracked claims:
    nothing new is suggested. An existing article is reused when the URL or
    the title is already known, so its claims are recognised as its own.
    """
    text = text_for_intake(text)
    if len(text) < 20:
        raise ValidationError({"text": _("The article text is empty or too short.")})
    fingerprint = text_fingerprint(text)
    existing = ArticleIntake.objects.filter(text_hash=fingerprint).first()
    if existing is not None:
        intake_match_repeats(intake=existing)
        return existing, False
    language = language or guess_language(text)
    title = title.strip() or title_from_text(text)
    if article is None:
        article = _article_for(
            url=url,
            title=title,
            publisher=publisher,
            written_on=written_on,
            language=language,
        )
    intake = ArticleIntake(
        article=article,
        source_url=url,
        text=text,
        text_hash=fingerprint,
        language=language,
        written_on=written_on,
        created_by=user if user and user.is_authenticated else None,
    )
    intake.full_clean()
    try:
        with transaction.atomic():
            intake.save()
    except IntegrityError:  # the same text, imported at the same moment
        existing = ArticleIntake.objects.get(text_hash=fingerprint)
        return existing, False
    known = known_speakers()
    rows = []
    for found in suggestions(text, written_on=written_on):
        if found.own_voice and not found.speaker_name:
            found.speaker_name = article.author  # no byline: the article's author
        speaker = speaker_for(
            found.text or found.sentence,
            found.speaker_name,
            known,
            own_voice=found.own_voice,
        )
        deadline = found.deadline
        rows.append(
            Candidate(
                intake=intake,
                sentence=found.sentence,
                text=found.text if found.text != found.sentence else "",
                position=found.position,
                kind=found.kind,
                score=found.score,
                spans=[span.as_dict() for span in found.spans],
                due_start=deadline.start if deadline else None,
                due_end=deadline.end if deadline else None,
                due_precision=deadline.precision if deadline else "",
                due_text=deadline.text[:200] if deadline else "",
                speaker=speaker,
                speaker_name="" if speaker else found.speaker_name[:200],
                own_voice=found.own_voice,
            )
        )
    Candidate.objects.bulk_create(rows)
    intake_match_repeats(intake=intake)
    return intake, True


def intake_match_repeats(*, intake: ArticleIntake) -> int:
    """Point each open candidate at the tracked claim it repeats, if any.

    Returns how many candidates have a similar claim.
    """
    index = repeat_index()
    changed = []
    for candidate in intake.candidates.filter(status=CandidateStatus.OPEN):
        match = index.best(candidate.sentence)
        claim_id = match.claim_id if match else None
        similarity = match.similarity if match else None
        if (candidate.similar_claim_id, candidate.similarity) != (claim_id, similarity):
            candidate.similar_claim_id = claim_id
            candidate.similarity = similarity
            changed.append(candidate)
    Candidate.objects.bulk_update(changed, ["similar_claim", "similarity"])
    return intake.candidates.filter(similar_claim__isnull=False).count()


def already_in_article(*, claim: Claim, article: Article) -> bool:
    return (
        claim.article_id == article.pk
        or Appearance.objects.filter(claim=claim, article=article).exists()
    )


def known_speakers() -> list[Speaker]:
    return list(Speaker.objects.exclude(slug=Speaker.PLACEHOLDER_SLUG))


def speaker_for(
    text: str,
    proposed: str,
    speakers: list[Speaker] | None = None,
    *,
    own_voice: bool = False,
) -> Speaker | None:
    """The known speaker a claim is attributed to: the one whose name or
    English name is the name in its reporting verb (``proposed``), else the
    one named in the text (``speaker_in``). A statement in the article's own
    voice is its author's (``proposed``: the byline's or the article's
    author) and nobody else's: a name it mentions is not who says it."""
    speakers = known_speakers() if speakers is None else speakers
    if proposed:
        for speaker in speakers:
            if name_matches(proposed, {speaker.name, speaker.name_en}):
                return speaker
    return None if own_voice else speaker_in(text, speakers)


def speaker_in(sentence: str, speakers: list[Speaker] | None = None) -> Speaker | None:
    """The known speaker named in the sentence (the longest name wins)."""
    best: tuple[int, Speaker] | None = None
    for speaker in known_speakers() if speakers is None else speakers:
        for name in (speaker.name, speaker.name_en):
            known = len(name) >= 2 and name in sentence
            if known and (best is None or len(name) > best[0]):
                best = (len(name), speaker)
    return best[1] if best else None


def placeholder_speaker() -> Speaker:
    speaker, _created = Speaker.objects.get_or_create(
        slug=Speaker.PLACEHOLDER_SLUG,
        defaults={
            "name": PLACEHOLDER_SPEAKER_NAME,
            "name_en": PLACEHOLDER_SPEAKER_NAME_EN,
            "description": "文章导入时未能识别发言人；请在提交审核前改为实际发言人。",
            "description_en": (
                "Set on draft claims from article intake when no known speaker "
                "was recognised. Change it before submitting the claim for review."
            ),
        },
    )
    return speaker


def _require_open(candidate: Candidate) -> None:
    if candidate.status != CandidateStatus.OPEN:
        raise ValidationError(
            _("This candidate was already handled (%(status)s).")
            % {"status": candidate.get_status_display()}
        )


def _decided(candidate: Candidate, status: str, claim: Claim | None, user) -> None:
    candidate.status = status
    candidate.claim = claim
    candidate.decided_by = user if user and user.is_authenticated else None
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "claim", "decided_by", "decided_at"])


def claim_slug(candidate: Candidate, *, max_length: int = 60) -> str:
    """A readable slug from the claim's words (pinyin for Chinese), cut at a
    word; ``claim_create`` numbers it when it is taken."""
    base = slug_base(
        candidate.claim_text,
        fallback=f"{candidate.intake.article.slug}-{candidate.position}",
    )
    if len(base) > max_length and "-" in base[:max_length]:
        base = base[: base.rindex("-", 0, max_length + 1)]
    return base


@transaction.atomic
def candidate_accept(
    *,
    candidate: Candidate,
    user: AbstractBaseUser | None = None,
    speaker: Speaker | None = None,
) -> Claim:
    """Turn a candidate into a draft claim for an editor to finish.

    The draft carries the claim's wording as text (for a clause, with the
    sentence's speaker and subject carried over) and its words in the article
    as quote, the suggested kind,
    the parsed deadline (predictions and promises), the recognised speaker
    (or the placeholder speaker) and the article as its first appearance.
    """
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _require_open(candidate)
    intake = candidate.intake
    has_deadline = candidate.kind in DEADLINE_KINDS and candidate.due_end
    claim = claim_create(
        user=user,
        fields={
            "slug": claim_slug(candidate),
            "text": candidate.claim_text[:2000],
            "quote": candidate.sentence[:4000],
            "language": intake.language,
            "speaker": (
                speaker
                or candidate.speaker
                or (None if candidate.own_voice else speaker_in(candidate.claim_text))
                or placeholder_speaker()
            ),
            "article": intake.article,
            "position": candidate.position,
            "kind": candidate.kind,
            "claimed_on": intake.written_on,
            "due_start": candidate.due_start if has_deadline else None,
            "due_end": candidate.due_end if has_deadline else None,
            "due_precision": candidate.due_precision if has_deadline else "",
            "due_text": candidate.due_text if has_deadline else "",
        },
        reason=ChangeReason.CREATED_INTAKE,
        unique_slug=True,
    )
    _decided(candidate, CandidateStatus.ACCEPTED, claim, user)
    return claim


@transaction.atomic
def candidate_record_appearance(
    *, candidate: Candidate, user: AbstractBaseUser | None = None
) -> Appearance | None:
    """Record the candidate as a further appearance of the claim it repeats.

    Returns the new appearance, or None when the claim is already recorded
    in this article (its first appearance, or an earlier repeat).
    """
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _require_open(candidate)
    claim = candidate.similar_claim
    if claim is None:
        raise ValidationError(_("No tracked claim resembles this candidate."))
    article = candidate.intake.article
    appearance = None
    if not already_in_article(claim=claim, article=article):
        appearance = appearance_create(
            claim=claim,
            user=user,
            fields={
                "article": article,
                "position": candidate.position,
                "quote": candidate.sentence[:4000],
            },
        )
    _decided(candidate, CandidateStatus.MERGED, claim, user)
    return appearance


@transaction.atomic
def candidate_reject(
    *, candidate: Candidate, user: AbstractBaseUser | None = None
) -> Candidate:
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _require_open(candidate)
    _decided(candidate, CandidateStatus.REJECTED, None, user)
    return candidate
