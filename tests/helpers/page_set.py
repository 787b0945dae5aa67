"""Every page type a reader (or an editor at the door) can open, on the seed
data plus the claim states the seed lacks: the set the standards tests run
the W3C Nu HTML checker and axe-core over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from claims import services
from claims.models import Claim, FlagReason, LinkHealth, Rating
from claims.services.flags import flag_raise
from tests.factories import EvidenceFactory, UserFactory
from tests.helpers.claims import rerate

LANGUAGES = ("zh-hans", "en")

# Seed claims given the states the seed does not have.
UPCOMING = "smartphone-market-flat-2023-recovery-2024"
PASSED = "xiaomi-car-mass-production-h1-2024"
RE_RATED = "counterpoint-q2-2023-smartphone-sales-down-8pct"
RETRACTED = "xiaomi-car-not-yet-shown-aug-2023"
UNDER_REVIEW = "huawei-harmonyos-to-drop-android-apps"
EVIDENCE = "lei-jun-2023-speech-over-three-hours-growth"
CHINESE_ONLY = "xiaomi-new-products-with-surge-chips"


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    status: int = 200

    @property
    def file_name(self) -> str:
        return self.name.replace("/", "_").replace(" ", "_") + ".html"


def seed_every_state() -> None:
    """The seed, then through the services: a prediction whose deadline is
    ahead, a re-rated claim (correction, then update) and a retracted claim
    (their public reasons given in English only), a claim under review, a
    claim with no English text or explanation, and evidence of every link
    health."""
    call_command("load_seed", verbosity=0)
    reviewer = UserFactory(username="standards-reviewer", group="Reviewers")

    upcoming = Claim.objects.get(slug=UPCOMING)
    services.claim_update(
        claim=upcoming,
        user=None,
        version=upcoming.version,
        fields={
            "due_start": date(2031, 1, 1),
            "due_end": date(2031, 12, 31),
            "due_precision": "year",
            "due_text": "2031年",
        },
        change_reason="公司将发布推迟至2031年。",
    )
    re_rated = Claim.objects.get(slug=RE_RATED)
    rerate(
        re_rated,
        Rating.objects.get(slug="mostly-true"),
        kind="correction",
        reason="下降8%指出货量，而非收入。",
        reason_en="The fall was 8% in units, not in revenue.",
    )
    rerate(
        re_rated,
        Rating.objects.get(slug="true"),
        kind="update",
        reason="Counterpoint 的最终数据证实了下降。",
        reason_en="Counterpoint's final figures confirm the fall.",
    )
    services.claim_retract(
        claim=Claim.objects.get(slug=RETRACTED),
        user=reviewer,
        reason="其依据的照片来自另一场活动。",
        reason_en="The photograph it relied on was from another event.",
    )
    flag_raise(
        claim=Claim.objects.get(slug=UNDER_REVIEW),
        reason=FlagReason.MANUAL,
        raised_by="standards-reviewer",
    )
    chinese_only = Claim.objects.get(slug=CHINESE_ONLY)
    services.claim_update(
        claim=chinese_only,
        user=None,
        version=chinese_only.version,
        fields={"text_en": "", "rating_explanation_en": ""},
    )
    with_evidence = Claim.objects.get(slug=EVIDENCE)
    for health in LinkHealth.values:
        EvidenceFactory(
            claim=with_evidence,
            title=f"来源（{health}）",
            health=health,
            final_url=(
                "https://example.org/moved-here" if health == LinkHealth.MOVED else ""
            ),
        )


def _list(**query: str) -> str:
    return reverse("claims:list") + ("?" + urlencode(query) if query else "")


def reader_pages() -> list[Page]:
    """Every reader page type in both languages (after ``seed_every_state``)."""
    claim = Claim.objects.get(slug=PASSED)
    pages = []
    for language in LANGUAGES:
        with translation.override(language):
            named = {
                "home": reverse("claims:home"),
                "list": _list(),
                "list page 2": _list(page="2"),
                "search": _list(q="小米"),
                "search in English": _list(q="Xiaomi car"),
                "search without results": _list(q="zzz-no-such-claim"),
                "filter rating": _list(rating="true"),
                "filter kind": _list(kind="prediction"),
                "filter speaker": _list(speaker=claim.speaker.slug),
                "filter article": _list(article=claim.article.slug),
                "topic": _list(topic="xiaomi-ev"),
                "filter deadline passed": _list(deadline="passed"),
                "filter deadline upcoming": _list(deadline="upcoming"),
                "sorted by deadline": _list(sort="deadline"),
                "filters combined": _list(q="小米", kind="promise", sort="oldest"),
                "filter refused": _list(rating="no-such-rating"),
                "claim upcoming deadline": reverse(
                    "claims:detail", kwargs={"slug": UPCOMING}
                ),
                "claim passed deadline": claim.get_absolute_url(),
                "claim re-rated": reverse("claims:detail", kwargs={"slug": RE_RATED}),
                "claim retracted": reverse("claims:detail", kwargs={"slug": RETRACTED}),
                "claim under review": reverse(
                    "claims:detail", kwargs={"slug": UNDER_REVIEW}
                ),
                "claim evidence health": reverse(
                    "claims:detail", kwargs={"slug": EVIDENCE}
                ),
                "claim in Chinese only": reverse(
                    "claims:detail", kwargs={"slug": CHINESE_ONLY}
                ),
                "speaker": claim.speaker.get_absolute_url(),
                "article": claim.article.get_absolute_url(),
                "corrections": reverse("claims:corrections"),
            }
            pages += [Page(f"{language} {name}", url) for name, url in named.items()]
            pages.append(
                Page(
                    f"{language} not found",
                    reverse("claims:detail", kwargs={"slug": "no-such-claim"}),
                    status=404,
                )
            )
    pages += [
        Page("api docs", "/api/docs/"),
        Page("admin login", "/admin/login/"),
    ]
    return pages
