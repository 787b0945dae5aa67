"""JSON input that PostgreSQL can store: no NUL characters, no lone surrogates."""

from __future__ import annotations

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


class StrictJSONParser(JSONParser):
    """Refuses, with a 400, JSON whose strings cannot be stored as text.

    ``"\\ud800"`` is valid JSON but not valid Unicode, and PostgreSQL refuses
    NUL in text: both would otherwise surface as a 500 when saved.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
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
