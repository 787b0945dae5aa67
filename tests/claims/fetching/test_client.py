"""The SSRF-safe fetcher and change detection, against local test servers."""

import ipaddress
import tracemalloc

import pytest

from claims.fetching import (
    FetchPolicy,
    Outcome,
    address_refusal,
    extract_text,
    fetch,
    url_refusal,
)
from tests.helpers.servers import Page, html

POLICY = FetchPolicy(user_agent="ClaimTrackerBot/1.0 (tests)")


def allowing(*servers, **overrides) -> FetchPolicy:
    return FetchPolicy(
        user_agent="ClaimTrackerBot/1.0 (tests)",
        unsafe_allowed_hosts=frozenset(server.host for server in servers),
        **overrides,
    )


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "224.0.0.1",
        "240.0.0.1",
        "0.0.0.0",  # noqa: S104
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
    ],
)
def test_private_and_special_addresses_are_refused(address):
    assert address_refusal(ipaddress.ip_address(address))


def test_public_addresses_are_allowed():
    assert address_refusal(ipaddress.ip_address("93.184.216.34")) is None


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://example.org/file", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("http://user:secret@example.org/", "user name"),
        ("http://example.org:8080/", "port 8080"),
        ("https://example.org:22/", "port 22"),
        ("http:///nohost", "no host"),
    ],
)
def test_urls_outside_the_rules_are_refused_before_any_connection(url, why):
    assert why in url_refusal(url, POLICY)


def test_ports_80_and_443_are_allowed():
    assert url_refusal("http://example.org:80/a", POLICY) is None
    assert url_refusal("https://example.org/a", POLICY) is None


def test_with_default_settings_a_local_server_is_never_contacted(page_server):
    page_server.pages["/a"] = Page(body=html("正文"))
    for url in (page_server.url("/a"), f"http://localhost:{page_server.host[10:]}/a"):
        result = fetch(url, policy=POLICY)
        assert result.outcome == Outcome.BLOCKED
    assert page_server.requests == []


def test_loopback_on_port_80_is_refused_after_resolution():
    result = fetch("http://localhost/", policy=POLICY)
    assert result.outcome == Outcome.BLOCKED
    assert "loopback" in result.reason or "127.0.0.1" in result.reason


def test_redirect_to_another_local_port_is_blocked(page_server, second_server):
    second_server.pages["/secret"] = Page(body=b"internal")
    page_server.pages["/a"] = Page(
        status=302, headers={"Location": second_server.url("/secret")}
    )
    result = fetch(page_server.url("/a"), policy=allowing(page_server))
    assert result.outcome == Outcome.BLOCKED
    assert "redirect to" in result.reason
    assert second_server.requests == []


def test_redirect_to_cloud_metadata_is_blocked(page_server):
    page_server.pages["/a"] = Page(
        status=301,
        headers={"Location": "http://169.254.169.254/latest/meta-data/"},
    )
    result = fetch(page_server.url("/a"), policy=allowing(page_server))
    assert result.outcome == Outcome.BLOCKED
    assert "169.254.169.254" in result.reason


def test_redirects_are_followed_up_to_five(page_server):
    for hop in range(7):
        page_server.pages[f"/r{hop}"] = Page(
            status=302, headers={"Location": f"/r{hop + 1}"}
        )
    page_server.pages["/r5"] = Page(body=html("到了"))
    result = fetch(page_server.url("/r0"), policy=allowing(page_server))
    assert result.outcome == Outcome.OK
    assert result.final_url == page_server.url("/r5")
    assert result.moved

    result = fetch(
        page_server.url("/r0"), policy=allowing(page_server, max_redirects=4)
    )
    assert result.outcome == Outcome.FAILED
    assert "more than 4 redirects" in result.reason


def test_robots_txt_disallowing_the_page_blocks_it(page_server):
    page_server.pages["/robots.txt"] = Page(
        body=b"User-agent: ClaimTrackerBot\nDisallow: /private/\n",
        content_type="text/plain",
    )
    page_server.pages["/private/a"] = Page(body=html("正文"))
    result = fetch(page_server.url("/private/a"), policy=allowing(page_server))
    assert result.outcome == Outcome.BLOCKED
    assert "robots.txt" in result.reason
    assert page_server.hits("/private/a") == 0


def test_the_user_agent_describes_the_bot(page_server):
    page_server.pages["/a"] = Page(body=html("正文"))
    fetch(page_server.url("/a"), policy=allowing(page_server))
    agents = {headers.get("User-Agent") for _path, headers in page_server.requests}
    assert agents == {"ClaimTrackerBot/1.0 (tests)"}


def test_a_50_mib_body_is_capped_without_holding_it_in_memory(page_server):
    page_server.pages["/huge"] = Page(body=html("开头"), filler_bytes=50 * 1024 * 1024)
    tracemalloc.start()
    try:
        result = fetch(page_server.url("/huge"), policy=allowing(page_server))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.outcome == Outcome.OK
    assert result.truncated
    assert len(result.body) == 5 * 1024 * 1024
    assert peak < 16 * 1024 * 1024


def test_content_types_outside_the_allow_list_are_not_fetched(page_server):
    page_server.pages["/file.zip"] = Page(body=b"PK..", content_type="application/zip")
    result = fetch(page_server.url("/file.zip"), policy=allowing(page_server))
    assert result.outcome == Outcome.BLOCKED
    assert "application/zip" in result.reason


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (404, Outcome.DEFINITIVE),
        (410, Outcome.DEFINITIVE),
        (500, Outcome.TRANSIENT),
        (503, Outcome.TRANSIENT),
        (429, Outcome.TRANSIENT),
        (403, Outcome.FAILED),
    ],
)
def test_statuses_are_classified(page_server, status, outcome):
    page_server.pages["/a"] = Page(status=status, body=b"")
    assert fetch(page_server.url("/a"), policy=allowing(page_server)).outcome == outcome


def test_a_slow_server_is_a_transient_timeout(page_server):
    page_server.pages["/slow"] = Page(body=html("慢"), delay=2)
    result = fetch(
        page_server.url("/slow"), policy=allowing(page_server, read_timeout=0.3)
    )
    assert result.outcome == Outcome.TRANSIENT
    assert "timed out" in result.reason


def test_a_refused_connection_is_transient(page_server):
    policy = allowing(page_server)
    port = page_server.host.split(":")[1]
    page_server.stop()
    result = fetch(f"http://127.0.0.1:{port}/a", policy=policy)
    assert result.outcome == Outcome.TRANSIENT
    assert "refused" in result.reason


def test_no_such_host_is_definitive():
    result = fetch("http://no-such-host.invalid/", policy=POLICY)
    assert result.outcome == Outcome.DEFINITIVE
    assert result.reason == "no such host"


def test_conditional_request_gets_not_modified(page_server):
    page_server.pages["/a"] = Page(body=html("正文"), etag='"v1"')
    first = fetch(page_server.url("/a"), policy=allowing(page_server))
    assert first.etag == '"v1"'
    second = fetch(page_server.url("/a"), policy=allowing(page_server), etag='"v1"')
    assert second.outcome == Outcome.NOT_MODIFIED
    assert page_server.requests[-1][1].get("If-None-Match") == '"v1"'


def test_gbk_page_text_is_decoded(page_server):
    page_server.pages["/gbk"] = Page(
        body=html("小米汽车今天正式发布，雷军表示将在上半年量产。", charset="gbk"),
        content_type="text/html",
    )
    result = fetch(page_server.url("/gbk"), policy=allowing(page_server))
    text = extract_text(result.body, content_type=result.content_type)
    assert "小米汽车今天正式发布" in text
