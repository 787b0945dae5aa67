"""Template helpers for reader pages: deadlines in words, names per language,
Markdown, ClaimReview markup and language links."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import date as date_filter
from django.urls import translate_url
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import (
    _json_script_escapes,
    conditional_escape,
    format_html,
    format_html_join,
)
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import (
    get_language,
    gettext,
    ngettext,
    override,
    pgettext,
)

from claims import labels, selectors
from claims.caching.fragments import fragments, request_versions
from claims.caching.versions import SITE, claim_version
from claims.jsonld import claim_review
from claims.labels import LocalText, as_written, in_language
from claims.markdown import markdown_to_html
from claims.models import (
    PUBLIC_STATES,
    Claim,
    DeadlineWindow,
    DuePrecision,
    EditorialState,
)
from reader.escaping import escape
from reader.sitemap_xml import index_entries, urlset_entries

register = template.Library()


# Reader labels of the model's choices (claims/labels.py).
register.filter("kind_label", labels.kind_label)
register.filter("health_label", labels.health_label)
register.filter("link_health_label", labels.link_health_label)
register.filter("stance_label", labels.stance_label)


def _chinese() -> bool:
    return labels.language_code() == labels.CHINESE


def deadline_words(claim: Claim | DeadlineWindow) -> str:
    """The deadline as a reader says it: "H1 2024", "2024年上半年",
    "by end of 2024", "2024年底前"."""
    end = claim.due_end
    if end is None:
        return ""
    precision = claim.due_precision or DuePrecision.DAY
    zh = _chinese()
    if precision == DuePrecision.YEAR:
        return f"{end.year}年底前" if zh else f"by end of {end.year}"
    if precision == DuePrecision.HALF:
        first = end.month <= 6
        if zh:
            return f"{end.year}年{'上' if first else '下'}半年"
        return f"{'H1' if first else 'H2'} {end.year}"
    if precision == DuePrecision.QUARTER:
        quarter = (end.month - 1) // 3 + 1
        if zh:
            return f"{end.year}年第{'一二三四'[quarter - 1]}季度"
        return f"Q{quarter} {end.year}"
    if precision == DuePrecision.MONTH:
        if zh:
            return f"{end.year}年{end.month}月底前"
        with override("en"):
            month = str(MONTHS[end.month])
        return f"by end of {month} {end.year}"
    if zh:
        return f"{end.year}年{end.month}月{end.day}日前"
    with override("en"):
        month = str(MONTHS[end.month])
    return f"by {end.day} {month} {end.year}"


def deadline_status(claim: Claim, today: date | None = None) -> str:
    """ "passed" or "N days left", in the reader's language."""
    if claim.due_end is None:
        return ""
    today = today or timezone.localdate()
    if claim.deadline_passed(today):
        return gettext("passed")
    days = (claim.due_end - today).days
    if days == 0:
        return gettext("due today")
    return ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}


def _window_label(window: DeadlineWindow) -> str:
    """A deadline by its last day, with its words when it is not one day:
    "2027-06-30 (H1 2027)"."""
    assert window.due_end is not None
    day = window.due_end.isoformat()
    if (window.due_precision or DuePrecision.DAY) == DuePrecision.DAY:
        return day
    return gettext("%(day)s (%(words)s)") % {
        "day": day,
        "words": deadline_words(window),
    }


def deadline_change_words(
    before: DeadlineWindow | None, after: DeadlineWindow | None
) -> str:
    """A moved deadline as a reader reads it, in the reader's language:
    "Deadline moved from 2026-12-31 to 2027-06-30 (H1 2027)"."""
    old = _window_label(before) if before and before.due_end else ""
    new = _window_label(after) if after and after.due_end else ""
    if not old and not new:
        return ""
    if not old:
        return gettext("Deadline set: %(new)s") % {"new": new}
    if not new:
        return gettext("Deadline removed (was %(old)s)") % {"old": old}
    if before and after and before.due_end == after.due_end:
        start = after.due_start.isoformat() if after.due_start else ""
        return gettext("Deadline window now %(start)s to %(new)s (was %(old)s)") % {
            "start": start,
            "new": new,
            "old": old,
        }
    return gettext("Deadline moved from %(old)s to %(new)s") % {"old": old, "new": new}


register.simple_tag(name="deadline_words")(deadline_words)
register.simple_tag(name="deadline_status")(deadline_status)
register.simple_tag(name="deadline_change_words")(deadline_change_words)


@register.filter
def localised(obj, field: str = "name") -> str:
    """``obj.<field>`` in the reader's language where it exists
    (``claims.labels.in_language``), for attributes and titles."""
    return in_language(obj, field).text


@register.simple_tag(name="in_language")
def in_language_tag(obj, field: str) -> LocalText:
    """``{% in_language speaker "name" as name %}``: the text in the reader's
    language and the language it is in, for ``lang_attr``."""
    return in_language(obj, field)


@register.simple_tag(name="as_written")
def as_written_tag(text: str) -> LocalText:
    """``{% as_written item.title as title %}``: free text of no recorded
    language with the language its script shows (``claims.labels``), for
    ``lang_attr``."""
    return as_written(text)


@register.filter
def lang_attr(text: LocalText) -> SafeString:
    """`` lang="..."`` when ``text`` is not in the page's language, else
    nothing: ``<p{{ explanation|lang_attr }}>{{ explanation }}</p>``."""
    if not text or text.language == labels.language_code():
        return mark_safe("")  # noqa: S308 - empty
    return format_html(' lang="{}"', text.language)


@register.filter
def original_mark(text: LocalText) -> SafeString:
    """The small "original" label after a text shown in its original
    language because the reader's version is missing; nothing otherwise."""
    if not isinstance(text, LocalText) or not text.is_fallback:
        return mark_safe("")  # noqa: S308 - empty
    return format_html(
        ' <small class="original-mark">{}</small>', labels.original_label()
    )


@register.filter
def mark_chinese(value) -> SafeString:
    """English text (plain or HTML) with each Chinese run inside it in a
    ``<span lang="zh-hans">``: “成长” in an English analysis is marked as
    Chinese, as the page's other Chinese text is. Plain text is escaped;
    HTML (a ``SafeString``, e.g. rendered Markdown) is changed only between
    its tags."""
    if value is None or value == "":
        return mark_safe("")  # noqa: S308 - empty
    if isinstance(value, LocalText):
        value = value.text
    if not isinstance(value, SafeString):
        value = conditional_escape(str(value))
    parts = re.split(r"(<[^>]*>)", str(value))
    marked_parts = []
    for part in parts:
        if part.startswith("<"):
            marked_parts.append(part)
            continue
        marked_parts.append(
            "".join(
                f'<span lang="{labels.CHINESE}">{piece}</span>' if chinese else piece
                for piece, chinese in labels.chinese_runs(part)
            )
        )
    return mark_safe("".join(marked_parts))  # noqa: S308 - escaped above


@register.filter
def local_text(text: LocalText) -> SafeString:
    """A ``LocalText`` for HTML: escaped, and when it is English, with the
    Chinese quoted in it marked (``mark_chinese``)."""
    if isinstance(text, LocalText) and text.language == labels.ENGLISH:
        return mark_chinese(text.text)
    return conditional_escape(str(text or ""))


@register.filter
def local_markdown(text: LocalText) -> SafeString:
    """A ``LocalText`` of Markdown as HTML, marked as ``local_text`` is."""
    html = markdown_to_html(str(text or ""))
    if isinstance(text, LocalText) and text.language == labels.ENGLISH:
        return mark_chinese(html)
    return html


@register.simple_tag(name="local")
def local_tag(obj, field: str) -> SafeString:
    """``{% local article "title" %}``: ``obj.<field>`` in the reader's
    language, or the original in a ``lang`` span with the "original" label
    (``claims.labels.in_language``), escaped."""
    text = in_language(obj, field)
    if not text:
        return mark_safe("")  # noqa: S308 - empty
    shown = mark_chinese(text) if text.language == labels.ENGLISH else text.text
    if text.language == labels.language_code():
        return format_html("{}", shown)
    return format_html(
        '<span lang="{}">{}</span>{}', text.language, shown, original_mark(text)
    )


@register.simple_tag
def rating_explanation(claim: Claim) -> str:
    return in_language(claim, "rating_explanation").text


@register.filter
def html_datetime(value: date | datetime | None) -> str:
    """A date or time for ``<time datetime="...">``: ``2024-05-01`` for a
    date, ``2024-05-01T04:49:00+08:00`` for a time (the site's time zone,
    whole seconds: HTML allows at most three fractional digits)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


@register.filter
def markdown(source: str) -> SafeString:
    return markdown_to_html(source or "")


@register.simple_tag
def claim_review_script(claim: Claim) -> SafeString:
    """ClaimReview JSON-LD in a script element, escaped as json_script does
    (<, > and & become \\u escapes, so no text can close the element)."""
    appearances = [item.article for item in claim.appearances.all()]
    data = claim_review(claim, appearances=appearances, language=get_language())
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(_json_script_escapes)),  # noqa: S308
    )


@register.simple_tag(takes_context=True)
def language_url(context, language: str) -> str:
    """This page's address in ``language``."""
    request = context.get("request")
    if request is None:
        return "/"
    path = request.get_full_path()
    prefix = f"/{get_language()}/"
    # Reader addresses differ between languages by their prefix only (the
    # patterns are not translated): swapping it is what ``translate_url``
    # works out by resolving and reversing, at a tenth of the cost.
    if request.resolver_match is not None and path.startswith(prefix):
        return f"/{language}/{path.removeprefix(prefix)}"
    return translate_url(path, language)


def hreflang(language: str) -> str:
    """BCP 47 spelling of a Django language code: ``zh-hans`` -> ``zh-Hans``."""
    primary, _, rest = language.partition("-")
    return f"{primary}-{rest.title()}" if len(rest) == 4 else language


@register.simple_tag(takes_context=True)
def alternate_links(context) -> SafeString:
    """``<link rel="alternate" hreflang>`` for this page in each language and
    ``x-default`` (the site's default language), as absolute addresses."""
    site = settings.SITE_URL.rstrip("/")
    links = [
        (hreflang(code), site + language_url(context, code))
        for code, _name in settings.LANGUAGES
    ]
    links.append(("x-default", site + language_url(context, settings.LANGUAGE_CODE)))
    return format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', links
    )


_MEMO: dict[tuple[str, str], SafeString] = {}


class MemoNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList):
        self.name = name
        self.nodelist = nodelist

    def render(self, context) -> SafeString:
        key = (self.name, get_language() or "")
        rendered = _MEMO.get(key)
        if rendered is None:
            rendered = _MEMO[key] = mark_safe(self.nodelist.render(context))  # noqa: S308
        return rendered


@register.tag
def memo(parser, token) -> MemoNode:
    """``{% memo "name" %}...{% endmemo %}``: rendered once per process and
    language, then reused.

    Only for parts that show nothing but fixed text and addresses in the
    page's language: no data, nothing from the request. The site's header
    links and footer cost a tenth of a millisecond each in ``{% url %}`` and
    ``{% translate %}`` tags on every page otherwise.
    """
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            '{% memo %} takes one quoted name: {% memo "footer" %}'
        )
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(bits[1][1:-1], nodelist)


@register.simple_tag
def rating_badge(rating) -> SafeString:
    """``{% rating_badge claim.rating %}``: the rating's badge, in the page's
    language (coloured by the rating's class in ``rating_styles``); nothing
    without a rating. A tag rather than an included template: a list page
    shows fifty."""
    if not rating:
        return mark_safe("")  # noqa: S308 - empty
    return format_html(
        '<span class="badge rating-{}">{}</span>', rating.slug, rating.label
    )


@register.simple_tag(takes_context=True)
def claim_rows(context, claims, highlights=None) -> SafeString:
    """The row of each claim (``claim_row_html``), each cached as a fragment.

    Rows show public data only and read nothing from the page's context but
    the claim, so they are shared by every reader of one language and day
    until that claim or the site changes (claims/caching/versions.py): a
    change to one claim renders its row again, not the others. ``highlights``
    (``selectors.claim_highlights``, by claim id) adds to each row the
    passages where a search matched, after the cached row's body.
    """
    claims = list(claims)
    rows = fragments(
        "claim-row",
        claims,
        lambda claim: claim_row_html(claim),
        shows=lambda claim: (SITE, claim_version(claim.pk)),
        versions=request_versions(context.get("request")),
        cacheable=lambda claim: claim.state in PUBLIC_STATES,
        load=selectors.claim_rows_complete,
    )
    if highlights and len(rows) == len(claims):
        rows = [
            _with_matches(html, highlights.get(claim.pk, []))
            for claim, html in zip(claims, rows, strict=True)
        ]
    return mark_safe("".join(rows))  # noqa: S308 - rendered by the template


def claim_row_html(claim: Claim) -> str:
    """A claim's row in a reader's list, in the page's language: its rating
    badge, text (and English rendering on English pages), speaker, date,
    kind, deadline and whether it was retracted.

    Written in Python with the filters and tags a template would use: the
    list pages render fifty rows cold, and a template took 9 ms for them
    at a million claims (``claim_rows``)."""
    english = ""
    if claim.text_en and get_language() == "en":
        english = f'<p class="claim-row-en" lang="en">{mark_chinese(claim.text_en)}</p>'
    speaker = in_language(claim.speaker, "name")
    meta = [
        f'<a href="{escape(claim.speaker.get_absolute_url())}"{lang_attr(speaker)}>'
        f"{local_text(speaker)}</a>{original_mark(speaker)}\n      "
    ]
    if claim.claimed_on:
        meta.append(
            f'· <time datetime="{escape(html_datetime(claim.claimed_on))}">'
            f"{escape(date_filter(claim.claimed_on))}</time>"
        )
    meta.append(f"\n      · {escape(labels.kind_label(claim.kind))}\n      ")
    if claim.due_end:
        passed = " deadline-passed" if claim.deadline_passed() else ""
        meta.append(
            f'· <span class="deadline{passed}">{escape(gettext("Deadline"))}: '
            f"{escape(deadline_words(claim))} ({escape(deadline_status(claim))})</span>"
        )
    meta.append("\n      ")
    if claim.state == EditorialState.RETRACTED:
        retracted = pgettext("claim label", "Retracted")
        meta.append(f'· <strong class="retracted-tag">{escape(retracted)}</strong>')
    return (
        '<li class="claim-row">\n'
        f'  <div class="claim-row-verdict">{rating_badge(claim.rating)}</div>\n'
        '  <div class="claim-row-body">\n'
        f'    <h3 class="claim-row-title"><a href="{escape(claim.get_absolute_url())}"'
        f' lang="{escape(claim.language)}">{escape(claim.text)}</a></h3>\n'
        f"    {english}\n"
        '    <p class="meta">\n'
        f"      {''.join(meta)}\n"
        "    </p>\n"
        "  </div>\n"
        "</li>\n"
    )


def _with_matches(row_html: str, passages: list[selectors.Highlight]) -> str:
    """The row with its matched passages at the end of its body (the last
    ``</div>`` of the row: between elements, never inside a tag)."""
    end = row_html.rfind("</div>")
    if not passages or end < 0:
        return row_html
    items = format_html_join(
        "",
        '<li class="claim-row-match" data-field="{}" lang="{}">{}</li>',
        (
            (
                passage.field,
                passage.language,
                mark_safe(passage.html),  # noqa: S308 - escaped, <mark> added
            )
            for passage in passages
        ),
    )
    matches = format_html(
        '<ul class="claim-row-matches" aria-label="{}">{}</ul>',
        gettext("Where the search words appear"),
        items,
    )
    return row_html[:end] + matches + row_html[end:]


@register.simple_tag
def sitemap_entries(urlset) -> SafeString:
    """``{% sitemap_entries urlset %}``: a sitemap file's entries
    (``reader.sitemap_xml.urlset_entries``, the bytes of Django's template)."""
    return urlset_entries(urlset)


@register.simple_tag
def sitemap_index_entries(sitemaps) -> SafeString:
    """``{% sitemap_index_entries sitemaps %}``: the index's entries
    (``reader.sitemap_xml.index_entries``, the bytes of Django's template)."""
    return index_entries(sitemaps)
