"""Read an HTML form the way a browser would submit it."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._select_first: str | None = None
        self._multiple = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (
            self.form_id is None or attributes.get("id") == self.form_id
        ):
            self.in_form = True
            return
        if not self.in_form:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields.append(
                (name, attributes.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select" and name:
            self._select, self._select_value, self._select_first = name, None, None
            self._multiple = "multiple" in attributes
        elif tag == "option" and self._select is not None:
            value = attributes.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attributes:
                if self._multiple:
                    self.fields.append((self._select, value))
                else:
                    self._select_value = value
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "select" and self._select is not None:
            if not self._multiple:
                value = self._select_value
                if value is None:
                    value = self._select_first or ""
                self.fields.append((self._select, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # Browsers drop the one newline that follows <textarea>.
            self.fields.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None


def form_data(html: str, form_id: str | None = None) -> dict[str, str | list[str]]:
    """The name/value pairs a browser would post for the form."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data: dict[str, str | list[str]] = {}
    for name, value in reader.fields:
        if name in data:
            existing = data[name]
            data[name] = (
                [*existing, value] if isinstance(existing, list) else [existing, value]
            )
        else:
            data[name] = value
    return data
