"""JSON input that PostgreSQL can store: no NUL characters, no lone surrogates,
and no nesting deeper than any write needs."""

from __future__ import annotations

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No API write nests deeper than a few levels (a claim's list of evidence
# objects is three); deeper JSON is refused before anything walks it.
MAX_DEPTH = 20


def _strings(value):
    """Every string in ``value`` (keys included), depth first, without
    recursion; a ParseError if it nests deeper than ``MAX_DEPTH``."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            yield item
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise ParseError(
                f"JSON parse error - nested more than {MAX_DEPTH} levels deep."
            )
        if isinstance(item, dict):
            for key, child in item.items():
                stack.append((key, depth))
                stack.append((child, depth + 1))
        else:
            stack.extend((child, depth + 1) for child in item)


class StrictJSONParser(JSONParser):
    """Refuses, with a 400, JSON whose strings cannot be stored as text and
    JSON nested too deep to handle.

    ``"\\ud800"`` is valid JSON but not valid Unicode, and PostgreSQL refuses
    NUL in text: both would otherwise surface as a 500 when saved. JSON nested
    a thousand levels deep exhausts Python's recursion limit in the decoder
    or in whatever walks the result, again a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                f"JSON parse error - nested more than {MAX_DEPTH} levels deep."
            ) from None
        for text in _strings(data):
            if "\x00" in text:
                raise ParseError("JSON parse error - NUL characters are not allowed.")
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise ParseError(
                    "JSON parse error - the text contains invalid Unicode "
                    "(a lone surrogate)."
                ) from None
        return data
