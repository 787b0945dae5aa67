"""Host policies: how often the link checker may ask one site, or never."""

from __future__ import annotations

from django.contrib import admin

from claims.admin.common import ADMIN_MEDIA_CSS
from claims.models import HostPolicy


@admin.register(HostPolicy)
class HostPolicyAdmin(admin.ModelAdmin):
    """Sites without a policy get one request a second
    (``EVIDENCE_HOST_MIN_INTERVAL_SECONDS``); a policy sets another pace for
    one host, as a site's robots.txt Crawl-delay or its people may ask."""

    list_display = ["host", "min_interval_seconds", "do_not_check", "note"]
    list_filter = ["do_not_check"]
    search_fields = ["host", "note"]
    fields = ["host", "min_interval_seconds", "do_not_check", "note"]

    class Media:
        css = ADMIN_MEDIA_CSS
