"""Reader pages: thin views over claims.selectors, cached for anonymous readers."""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from claims import selectors
from claims.caching.fragments import (
    digest,
    fragment_cache_key,
    fragment_cache_seconds,
    fragments,
    request_versions,
)
from claims.caching.versions import SITE, Versions, claim_version
from claims.models import Rating

from .filters import LIST_PARAMETERS, ClaimListFilter
from .middleware import page_query, page_shows, reader_page, variants_exhausted

# Claims a page of the claim list, a speaker's or an article's claims shows.
CLAIM_LIST_PAGE_SIZE = 50
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _page(request: HttpRequest, rows) -> Page:
    """The page ``?page=`` asks for: the first for a page that is not a
    number, the last for one past the end."""
    return Paginator(rows, CLAIM_LIST_PAGE_SIZE).get_page(request.GET.get("page"))


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``settings.CLAIM_LIST_COUNT_MAX``
    claims past the page asked for: counting every claim of a large archive
    (or every match of a broad search) costs more than the page itself.
    ``capped`` says the count stopped (there are more); the page asked for
    is still served, however deep (page numbers have at most five digits,
    ``reader.filters.PAGE_NUMBER``)."""

    capped = False

    def __init__(self, rows, per_page: int, *, asked: str) -> None:
        super().__init__(rows, per_page)
        self.asked = asked

    @functools.cached_property
    def count(self) -> int:
        try:
            number = min(max(int(self.asked), 1), 99_999)
        except (TypeError, ValueError):
            number = 1
        limit = (number - 1) * self.per_page + settings.CLAIM_LIST_COUNT_MAX + 1
        counted = self.object_list.order_by()[:limit].count()
        self.capped = counted == limit
        return counted - 1 if self.capped else counted


def _claim_list_page(
    request: HttpRequest,
    claim_filter: ClaimListFilter,
    *,
    query: str,
    versions: Versions,
    cached: bool = True,
) -> Page:
    """The page of the claim list asked for, as the keys of its rows; its
    paginator says whether the count stopped short (``capped``).

    Which claims a page lists, and how many match, are stored per version of
    the lists, filters and page asked for (claims/caching/fragments.py): a
    page read again queries nothing until a list changes. The rows
    themselves are fragments of their own (the ``claim_rows`` tag), shared by
    every page and kept per claim: a change only one claim's page shows
    (its evidence's link health) renders neither the page's ids nor its
    other rows again.
    """
    asked = request.GET.get("page", "")

    def compute(_key: str) -> tuple[int, bool, int, list[selectors.ClaimKey]]:
        queryset = selectors.claim_list_light(claim_filter.qs)
        if "search_rank" in queryset.query.annotations:
            # A search ranks a bounded number of matches: read in one query,
            # they are counted as they come. All of them listed means there
            # may be more.
            matches = list(queryset)
            paginator = Paginator(matches, CLAIM_LIST_PAGE_SIZE)
            page = paginator.get_page(asked)
            capped = len(matches) >= selectors.search_results_max()
        else:
            paginator = CappedPaginator(queryset, CLAIM_LIST_PAGE_SIZE, asked=asked)
            page = paginator.get_page(asked)
            capped = paginator.capped
        keys = [selectors.ClaimKey(row.pk, row.state) for row in page]
        return paginator.count, capped, page.number, keys

    if cached:
        [(count, capped, number, keys)] = fragments(
            "claim-list-page",
            [f"{query}\x00{asked}"],
            compute,
            key=digest,
            versions=versions,
        )
    else:
        count, capped, number, keys = compute("")
    paginator = Paginator([], CLAIM_LIST_PAGE_SIZE)
    paginator.count = count  # a cached_property: this is its value
    paginator.capped = capped  # type: ignore[attr-defined]
    return Page(keys, number, paginator)


def _query_without_page(request: HttpRequest) -> str:
    """The list's filters as asked for, for its page links and cache keys:
    only the parameters it reads, in a fixed order (reader/middleware.py)."""
    return page_query(request, parameters=set(LIST_PARAMETERS) - {"page"})


@require_safe
@reader_page
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    counts = selectors.rating_counts_public()
    total = sum(item.count for item in counts)
    bar, offset = [], 0.0
    for item in counts:
        width = 100 * item.count / total
        bar.append({"item": item, "x": round(offset, 3), "width": round(width, 3)})
        offset += width
    return render(
        request,
        "claims/home.html",
        {
            "counts": counts,
            "total": total,
            "bar": bar,
            "recent": selectors.claim_list_recently_rated(),
            "upcoming": selectors.claim_list_deadline_upcoming(today=today),
            "passed": selectors.claim_list_deadline_passed(today=today),
        },
    )


@require_safe
@reader_page(parameters=LIST_PARAMETERS)
def claim_list(request: HttpRequest) -> HttpResponse:
    # Built only when the page or the filter form is not in the cache:
    # django-filter copies every filter and its queryset per instance.
    claim_filter = SimpleLazyObject(
        lambda: ClaimListFilter(
            request.GET or None, queryset=selectors.claim_list_public()
        )
    )
    query = _query_without_page(request)
    versions = request_versions(request)
    # Past the cap on cached query variants (a flood of distinct searches)
    # this list is rendered without storing its parts either.
    cached = not query or not variants_exhausted()
    page = _claim_list_page(
        request, claim_filter, query=query, versions=versions, cached=cached
    )
    words = request.GET.get("q", "").strip()
    return render(
        request,
        "claims/claim_list.html",
        {
            "filter": claim_filter,
            # The filter form lists every public speaker and article: it is
            # rendered once per version of the lists and query
            # (claims/caching/fragments.py).
            "filters_cache_key": fragment_cache_key(
                "claim-list-filters", query, versions=versions
            ),
            "fragment_seconds": fragment_cache_seconds() if cached else 0,
            "page": page,
            "count_shown": number_format(page.paginator.count, force_grouping=True),
            # Where the words matched, for the rows of this page only.
            "highlights": (
                selectors.claim_highlights(ids=[key.pk for key in page], query=words)
                if words
                else None
            ),
            "query": words,
            "page_query": query,
            "filtered": any(
                request.GET.get(name) for name in LIST_PARAMETERS if name != "page"
            ),
        },
    )


CLAIM_PAGE_PARTS = ("title", "meta", "head", "content")


def _claim_page_parts(slug: str) -> dict[str, str]:
    """The claim page's blocks, rendered: they show public data only."""
    claim = selectors.claim_get_public_detail(slug=slug)
    context = {
        "claim": claim,
        "timeline": selectors.claim_timeline(claim=claim),
        "deadline_passed": claim.deadline_passed(),
    }
    return {
        part: render_to_string(f"claims/_claim_detail_{part}.html", context).strip()
        for part in CLAIM_PAGE_PARTS
    }


@require_safe
@reader_page
def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The page shows its claim and the site, not the lists: a change to
    # another claim leaves its cached copy alone (claims/caching/versions.py).
    # Only public claims get this far (any other slug is a 404, never
    # stored). The body is a fragment under the same versions: a hit costs
    # the one query that finds the claim's id.
    shows = (SITE, claim_version(selectors.claim_public_id(slug=slug)))
    [parts] = fragments(
        "claim-page",
        [slug],
        _claim_page_parts,
        key=digest,
        shows=lambda _slug: shows,
        versions=page_shows(request, shows),
    )
    return render(request, "claims/claim_detail.html", {"parts": parts})


def _preview(request: HttpRequest, claim, revision=None) -> HttpResponse:
    """The reader's claim page for an editor, marked as a preview. Not a
    ``reader_page``: never stored in the page cache, never indexed."""
    context = {
        "claim": claim,
        "timeline": selectors.claim_timeline(claim=claim),
        "deadline_passed": claim.deadline_passed(),
    }
    parts = {
        part: render_to_string(f"claims/_claim_detail_{part}.html", context).strip()
        for part in CLAIM_PAGE_PARTS
    }
    response = render(
        request,
        "claims/claim_preview.html",
        {"parts": parts, "claim": claim, "revision": revision},
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def claim_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """A claim as stored (a draft, one in review), for whoever may see
    drafts; anyone else gets the 404 an unknown slug gets. A public claim
    has nothing to preview: its page is the one readers see."""
    claim = selectors.claim_get_preview(user=request.user, slug=slug)
    if claim.is_public:
        return HttpResponseRedirect(reverse("claims:detail", kwargs={"slug": slug}))
    return _preview(request, claim)


@require_safe
def revision_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """A claim with a pending revision applied in memory, as readers would
    see it once approved."""
    revision, claim = selectors.revision_get_preview(user=request.user, pk=pk)
    return _preview(request, claim, revision)


@require_safe
@reader_page(parameters=["page"])
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The claims first made in an article, then those repeated there, paged
    as one sequence: a page may end one list and begin the other."""
    article = selectors.article_get_public(slug=slug)
    claims = selectors.claim_list_for_article(article=article)
    repeated = selectors.claim_list_repeated_in_article(article=article)
    first_made = claims.count()
    page = _page(request, range(first_made + repeated.count()))
    start, end = page.object_list.start, page.object_list.stop
    return render(
        request,
        "claims/article_detail.html",
        {
            "article": article,
            "claims": claims[start:end] if start < first_made else [],
            "repeated": (
                repeated[max(start - first_made, 0) : end - first_made]
                if end > first_made
                else []
            ),
            # The first repeated claim's number in the whole sequence.
            "repeated_start": max(start - first_made, 0) + 1,
            "page": page,
            "page_query": "",
        },
    )


@require_safe
@reader_page(parameters=["page"])
def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = selectors.speaker_get_public(slug=slug)
    claims = selectors.claim_list_for_speaker(speaker=speaker)
    return render(
        request,
        "claims/speaker_detail.html",
        {
            "speaker": speaker,
            "scorecard": selectors.rating_counts(claims=claims),
            "reason_codes": selectors.reason_code_counts(claims=claims),
            "page": _page(request, claims),
            "page_query": "",
        },
    )


@require_safe
@reader_page
def corrections(request: HttpRequest) -> HttpResponse:
    """Every public correction, update and retraction, newest first."""
    return render(
        request,
        "claims/corrections.html",
        {"corrections": selectors.corrections_recent(limit=100)},
    )


@require_safe
@reader_page
def rating_styles(request: HttpRequest) -> HttpResponse:
    """Badge and chart colours of the rating scale, editable in the admin.

    A stylesheet rather than inline styles, so a content security policy
    can forbid inline styles altogether.
    """
    rules = []
    for rating in Rating.objects.order_by("pk"):
        if COLOUR.match(rating.colour):
            rules.append(
                f".rating-{rating.slug}{{background-color:{rating.colour};"
                f"fill:{rating.colour};color:#fff}}"
            )
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def language_switch(request: HttpRequest, language: str) -> HttpResponse:
    """Remember the reader's language and show the same page in it."""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("claims:home")
    response = HttpResponseRedirect(translate_url(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 60 * 60,
        samesite="Lax",
    )
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, asked for by browsers and crawlers on their own: the
    site's SVG icon (its address carries the static file's hash)."""
    response = HttpResponseRedirect(static("claims/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


# The public, read-only API open to crawlers: lists and details of published
# claims, the ClaimReview export, the schema and its docs.
PUBLIC_API_PATHS = (
    "v1/claims/",
    "v1/claimreview/",
    "v1/speakers/",
    "v1/articles/",
    "v1/ratings/",
    "schema/",
    "docs/",
)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    # Specific rules first: crawlers that take the first match (Python's
    # robotparser) and those that take the longest (Google) agree.
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/v1/claimreview/import/",
        "Disallow: /api/v1/claims/*state=",
        *(f"Allow: /api/{path}" for path in PUBLIC_API_PATHS),
        "Disallow: /api/",
        "Disallow: /*/language/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "claims/404.html", status=404)


def server_error(request: HttpRequest, *, status: int = 500) -> HttpResponse:
    """The 500 page, or with ``status=503`` the "try again shortly" page:
    no database, no context processors that could fail again."""
    language = translation.get_language_from_path(request.path_info) or (
        translation.get_language()
    )
    template = "claims/503.html" if status == 503 else "claims/500.html"
    with translation.override(language):
        html = render_to_string(template, {"LANGUAGE_CODE": translation.get_language()})
    return HttpResponse(html, status=status)
