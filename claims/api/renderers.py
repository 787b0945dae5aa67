"""JSON for lists whose items come already encoded from the fragment cache."""

from __future__ import annotations

import json

from rest_framework.renderers import JSONRenderer


class EncodedItems(list):
    """A page's items, each already JSON (bytes, as ``JSONRenderer`` writes
    it): the list view stores them so in the fragment cache, and this page
    is spliced into the response without decoding and encoding them again."""


def item_encode(item: dict) -> bytes:
    return JSONRenderer().render(item)


class PageJSONRenderer(JSONRenderer):
    """``JSONRenderer``, which splices a page of ``EncodedItems`` in as they
    are. The bytes are the ones ``JSONRenderer`` would write for the decoded
    items; with an ``indent`` asked for, the items are decoded and indented.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, EncodedItems):
            return super().render(data, accepted_media_type, renderer_context)
        if self.get_indent(accepted_media_type, renderer_context or {}):
            decoded = [json.loads(item) for item in results]
            return super().render(
                {**data, "results": decoded}, accepted_media_type, renderer_context
            )
        # The paginator puts "results" last: the envelope without it, and
        # the items before its closing brace.
        envelope = super().render(
            {key: value for key, value in data.items() if key != "results"},
            accepted_media_type,
            renderer_context,
        )
        return b"".join([envelope[:-1], b',"results":[', b",".join(results), b"]}"])
