"""Fetching against a real HTTP server on 127.0.0.1: robots.txt, redirects, caps, retries and the
private-address rules. No request ever leaves the machine: addresses other than 127.0.0.1 are
refused before any connection is made."""

from __future__ import annotations

import pytest

from localserver import serve
from newsparallax.fetch import Fetcher, FetchError, FetchOptions, is_public

LOCAL = FetchOptions(delay=0, backoff=0.01, retries=1, timeout=5, allow_private=True)


@pytest.fixture(scope="module")
def server():
    with serve() as (base, hits):
        yield base, hits


def test_page_is_fetched_after_robots(server):
    base, hits = server
    with Fetcher(LOCAL) as fetcher:
        page = fetcher.get(f"{base}/news/bridge.html")
    assert page.status == 200 and b"bridge project" in page.content
    assert hits.get("/robots.txt", 0) >= 1


def test_robots_disallow_is_obeyed(server):
    base, hits = server
    with Fetcher(LOCAL) as fetcher, pytest.raises(FetchError, match=r"robots\.txt"):
        fetcher.get(f"{base}/private/secret.html")
    assert "/private/secret.html" not in hits


def test_redirect_followed_and_recorded(server):
    base, _ = server
    with Fetcher(LOCAL) as fetcher:
        page = fetcher.get(f"{base}/redirect")
    assert page.final_url == f"{base}/news/moved.html"
    assert page.redirects == (f"{base}/redirect",)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/redirect-file", "scheme 'file'"),
        ("/redirect-loop", "more than 10 redirects"),
        ("/huge", "too large"),
        ("/huge-chunked", "too large"),
        ("/bomb", "too large|decompresses"),
        ("/missing", "HTTP 404"),
    ],
)
def test_refusals(server, path, reason):
    base, _ = server
    options = FetchOptions(delay=0, retries=0, timeout=5, allow_private=True, max_bytes=1_000_000)
    with Fetcher(options) as fetcher, pytest.raises(FetchError, match=reason):
        fetcher.get(base + path)


def test_slow_page_times_out(server):
    base, _ = server
    options = FetchOptions(delay=0, retries=0, timeout=0.5, allow_private=True)
    with Fetcher(options) as fetcher, pytest.raises(FetchError, match="timed out"):
        fetcher.get(f"{base}/slow")


def test_gzip_is_decoded_and_flaky_page_retried(server):
    base, hits = server
    with Fetcher(LOCAL) as fetcher:
        assert b"gzipped project" in fetcher.get(f"{base}/gzipped").content
        assert b"flaky project" in fetcher.get(f"{base}/flaky").content
    assert hits["/flaky"] == 2


def test_private_addresses_refused_by_default(server):
    base, hits = server
    before = dict(hits)
    with Fetcher(FetchOptions(delay=0)) as fetcher, pytest.raises(FetchError, match="non-public"):
        fetcher.get(f"{base}/news/a.html")
    assert hits == before  # refused before connecting, robots.txt included


def test_redirect_to_private_address_is_refused_at_the_hop(server):
    """127.0.0.1 stands in for a public host here (the resolver says so); the hop to 10.0.0.1 is
    checked again and refused without a connection."""
    base, hits = server

    def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"] if host == "127.0.0.1" else [host]

    fetcher = Fetcher(
        FetchOptions(delay=0, retries=0), resolver=resolver, public=lambda a: a == "127.0.0.1"
    )
    with fetcher, pytest.raises(FetchError, match=r"non-public address 10\.0\.0\.1"):
        fetcher.get(f"{base}/redirect-private")
    assert hits["/redirect-private"] >= 1


def test_every_resolved_address_is_checked():
    fetcher = Fetcher(
        FetchOptions(delay=0),
        resolver=lambda host, port: ["127.0.0.1", "10.1.2.3"],
        public=lambda a: a == "127.0.0.1",
    )
    with fetcher, pytest.raises(FetchError, match=r"10\.1\.2\.3"):
        fetcher.get("http://mixed.test/story")


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("::ffff:127.0.0.1", False),
        ("224.0.0.1", False),
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
    ],
)
def test_is_public(address, public):
    assert is_public(address) is public


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "file:///etc/passwd", "http://user:pw@host/"]
)
def test_bad_urls_refused_without_network(url):
    with Fetcher(FetchOptions(delay=0)) as fetcher, pytest.raises(FetchError, match="refused"):
        fetcher.get(url)
