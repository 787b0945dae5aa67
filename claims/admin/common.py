"""What several admin modules share: the stylesheets and the rating badge."""

from __future__ import annotations

from django.utils.html import format_html

from claims.models import Rating

# The badge colours come from /ratings.css (generated from the ratings), the
# shape from claims/admin.css: no inline styles, so the content security
# policy can forbid them.
ADMIN_MEDIA_CSS = {"all": ["claims/admin.css", "/ratings.css"]}


def rating_badge(rating: Rating | None):
    if rating is None:
        return "—"
    return format_html(
        '<span class="rating-badge rating-{}">{}</span>',
        rating.slug,
        f"{rating.label_zh} · {rating.label_en}",
    )
