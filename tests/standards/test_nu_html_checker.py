"""Every page type, in both languages, passes the W3C Nu HTML checker (the
validator the W3C runs at validator.w3.org/nu) with no error."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.test import RequestFactory

from reader.views import server_error
from tests.helpers.page_set import Page, reader_pages, seed_every_state

pytestmark = pytest.mark.django_db


def render(client, page: Page) -> bytes:
    response = client.get(page.url)
    assert response.status_code == page.status, (page.name, page.url)
    assert response["Content-Type"].startswith("text/html"), page.name
    return response.content


def nu_errors(vnu: list[str], files: dict[Path, Page]) -> list[str]:
    """The checker's errors over all ``files`` in one run, as
    "page (url) line N: message" lines."""
    result = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        timeout=300,
    )
    # vnu writes its JSON report to stderr; exit status 1 means "errors found".
    report = json.loads(result.stderr)
    by_file = {path.resolve(): page for path, page in files.items()}
    errors = []
    for message in report["messages"]:
        if message["type"] not in ("error", "non-document-error"):
            continue
        path = Path(unquote(urlsplit(message.get("url", "")).path)).resolve()
        page = by_file.get(path)
        where = f"{page.name} ({page.url})" if page else message.get("url", "?")
        line = message.get("lastLine", "?")
        extract = message.get("extract", "").replace("\n", " ")
        errors.append(f"{where} line {line}: {message['message']} [{extract}]")
    return errors


@pytest.mark.standards
def test_every_page_passes_the_nu_html_checker(client, tmp_path, vnu, settings):
    seed_every_state()
    files: dict[Path, Page] = {}
    for page in reader_pages():
        path = tmp_path / page.file_name
        path.write_bytes(render(client, page))
        files[path] = page
    # The claim list past its count's cap: "N+ claims", pages with no total.
    settings.CLAIM_LIST_COUNT_MAX = 1
    for language, wording in (("en", "1+ claims"), ("zh-hans", "超过 1 条声明")):
        page = Page(f"claim list capped {language}", f"/{language}/claims/?sort=oldest")
        path = tmp_path / page.file_name
        content = render(client, page)
        assert wording in content.decode(), page.name
        path.write_bytes(content)
        files[path] = page
    # The server error page, as the handler renders it.
    error_page = Page("server error", "/zh-hans/", status=500)
    response = server_error(RequestFactory().get(error_page.url))
    assert response.status_code == 500
    path = tmp_path / error_page.file_name
    path.write_bytes(response.content)
    files[path] = error_page

    # A page with a known error, in the same run: the checker ran and its
    # errors name the page and the line.
    canary = Page("broken canary", "/canary/")
    path = tmp_path / canary.file_name
    path.write_text(
        '<!DOCTYPE html>\n<html lang="en">\n<head><title>t</title></head>\n'
        "<body>\n<p><div></p>\n</body>\n</html>\n"
    )
    files[path] = canary

    errors = nu_errors(vnu, files)
    canary_errors = [e for e in errors if e.startswith("broken canary (/canary/) ")]
    assert any(" line 5: " in error for error in canary_errors), errors
    errors = [error for error in errors if error not in canary_errors]
    assert not errors, f"{len(errors)} Nu HTML checker errors:\n" + "\n".join(errors)
