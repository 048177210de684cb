"""Fetching against a real HTTP server on 127.0.0.1: robots.txt, redirects, caps, retries and the
private-address rules. No request ever leaves the machine: addresses other than 127.0.0.1 are
refused before any connection is made."""

from __future__ import annotations

import socket
from urllib.parse import quote

import httpx
import pytest

from localserver import serve
from newsparallax.corpus.addresses import BadHost, canonical_host
from newsparallax.corpus.fetch import Fetcher, FetchError, FetchOptions, is_public, resolve

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
    ("path", "max_bytes", "reason"),
    [
        ("/redirect-loop", 1_000_000, "more than 10 redirects"),
        ("/huge", 1_000_000, r"too large: \d+ bytes declared \(cap 1000000, --max-bytes\)"),
        ("/huge-chunked", 1_000_000, r"too large: more than 1000000 bytes \(--max-bytes\)"),
        ("/bomb", 1_000_000, r"too large: more than 1000000 bytes \(--max-bytes\)"),
        ("/bomb", 50_000_000, r"decompresses more than 100 times its size \(--max-ratio\)"),
        ("/missing", 1_000_000, "HTTP 404"),
    ],
)
def test_refusals(server, path, max_bytes, reason):
    base, _ = server
    options = FetchOptions(delay=0, retries=0, timeout=5, allow_private=True, max_bytes=max_bytes)
    with Fetcher(options) as fetcher, pytest.raises(FetchError, match=reason):
        fetcher.get(base + path)


def test_international_host_name_is_resolved_and_sent_as_idna(server):
    """A non-ASCII host goes to the resolver and the Host header in IDNA form (it once crashed
    the run encoding the header)."""
    base, _ = server
    port = base.rsplit(":", 1)[1]
    names = {"xn--bcher-kva.test": ["127.0.0.1"]}
    with Fetcher(LOCAL, resolver=lambda host, _port: names.get(host, [])) as fetcher:
        page = fetcher.get(f"http://bücher.test:{port}/news/idn.html")
    assert b"idn project" in page.content


def test_slow_page_times_out(server):
    base, _ = server
    options = FetchOptions(delay=0, retries=0, timeout=0.5, allow_private=True)
    with Fetcher(options) as fetcher, pytest.raises(FetchError, match=r"timed out \(--timeout\)"):
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
        ("::7f00:1", False),  # IPv4-compatible ::127.0.0.1
        ("::ffff:0:7f00:1", False),  # IPv4-translated
        ("64:ff9b::a00:1", False),  # NAT64 to 10.0.0.1
        ("64:ff9b::5db8:d822", True),  # NAT64 to 93.184.216.34
        ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1
        ("fec0::1", False),  # site-local
        ("fe80::1%eth0", False),
        ("not an address", False),
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
    ],
)
def test_is_public(address, public):
    assert is_public(address) is public


@pytest.mark.parametrize(
    ("host", "canonical"),
    [
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("0300.0250.1.1", "192.168.1.1"),
        ("10.1", "10.0.0.1"),
        ("0", "0.0.0.0"),
        ("①②⑦.0.0.1", "127.0.0.1"),  # IDNA maps the digits first, as browsers do
        ("%31%32%37.0.0.1", "127.0.0.1"),
        ("::ffff:127.0.0.1", "::ffff:7f00:1"),
        ("News.Example.COM", "news.example.com"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("256.0.0.1", "malformed IPv4 address"),
        ("1.2.3.4.5", "malformed IPv4 address"),
        ("09.0.0.1", "malformed IPv4 address"),
        ("4294967296", "malformed IPv4 address"),
        ("example.123", "malformed IPv4 address"),
        ("a..b", "malformed host name"),
        ("exa mple.com", "malformed host name"),
        ("evil\x00.com", "malformed host name"),
        ("zz::1", "malformed IPv6 address"),
    ],
)
def test_canonical_host(host, canonical):
    """Numeric hosts read the way browsers (WHATWG) and inet_aton read them, so no notation
    slips a private address past the check."""
    try:
        assert canonical_host(host) == canonical
    except BadHost as exc:
        assert str(exc) == canonical


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/x", "scheme 'ftp'"),
        ("file:///etc/passwd", "scheme 'file'"),
        ("http://user:pw@host/", "credentials"),
        ("http://[::1/", "malformed URL"),
        ("http://[127.0.0.1]/", "malformed URL"),
        ("http://256.1.1.1/", "malformed IPv4 address"),
        ("http://exa mple.com/", "malformed host name"),
    ],
)
def test_bad_urls_refused_without_network(url, reason):
    with Fetcher(FetchOptions(delay=0)) as fetcher, pytest.raises(FetchError, match=reason):
        fetcher.get(url)


# --- hostile targets, as the first URL and as a redirect from a "public" server -----------------

PUBLIC = "127.0.0.2"  # stands in for a public web server; every other address is what it is
NAMES = {  # hostile DNS answers
    "intranet.test": ["10.0.0.1"],
    "loopback.test": ["127.0.0.1"],
    "metadata.test": ["169.254.169.254"],
    "mixed.test": [PUBLIC, "192.168.0.7"],
}
# {p}: a trap port on 127.0.0.1, {p6}: one on [::1]; {public}: the public server's host.
HOSTILE = [
    ("http://10.0.0.1/admin", r"non-public address 10\.0\.0\.1"),
    ("http://192.168.1.1/", r"non-public address 192\.168\.1\.1"),
    ("http://169.254.169.254/latest/meta-data/", r"non-public address 169\.254\.169\.254"),
    ("http://127.0.0.1:{p}/", r"non-public address 127\.0\.0\.1"),
    ("http://localhost:{p}/", r"non-public address (127\.0\.0\.1|::1)"),
    ("http://[::1]:{p6}/", r"non-public address ::1"),
    ("http://[::ffff:127.0.0.1]:{p}/", r"non-public address ::ffff:(127\.0\.0\.1|7f00:1)"),
    ("http://2130706433:{p}/", r"non-public address 127\.0\.0\.1"),
    ("http://0177.0.0.1:{p}/", r"non-public address 127\.0\.0\.1"),
    ("http://0x7f.0.0.1:{p}/", r"non-public address 127\.0\.0\.1"),
    ("http://0x7f000001:{p}/", r"non-public address 127\.0\.0\.1"),
    ("http://127.1:{p}/", r"non-public address 127\.0\.0\.1"),
    ("http://127.0.0.1.:{p}/", r"non-public address 127\.0\.0\.1"),
    ("http://0:{p}/", r"non-public address 0\.0\.0\.0"),
    ("http://0300.0250.1.1/", r"non-public address 192\.168\.1\.1"),
    ("http://intranet.test/", r"intranet\.test resolves to non-public address 10\.0\.0\.1"),
    ("http://loopback.test:{p}/", r"loopback\.test resolves to non-public address 127\.0\.0\.1"),
    ("http://metadata.test/", r"metadata\.test resolves to non-public address 169\.254"),
    ("http://mixed.test/", r"mixed\.test resolves to non-public address 192\.168\.0\.7"),
    ("file:///etc/passwd", "scheme 'file'"),
    ("gopher://127.0.0.1:{p}/_GET%20/", "scheme 'gopher'"),
    ("data:text/html,<p>hello</p>", "scheme 'data'"),
    ("ftp://{public}/pub/x", "scheme 'ftp'"),
    ("javascript:alert(1)", "scheme 'javascript'"),
]


@pytest.fixture(scope="module")
def public_server():
    with serve(PUBLIC) as (base, hits):
        yield base, hits


@pytest.fixture
def traps():
    """Listening sockets on 127.0.0.1 and [::1]. The kernel completes a TCP handshake before
    accept() is called, so an empty accept queue afterwards proves no connection was made."""
    v4 = socket.create_server(("127.0.0.1", 0))
    v6 = socket.create_server(("::1", 0), family=socket.AF_INET6)
    yield {"p": v4.getsockname()[1], "p6": v6.getsockname()[1]}
    for trap in (v4, v6):
        trap.setblocking(False)
        with pytest.raises(BlockingIOError):
            trap.accept()
        trap.close()


@pytest.mark.parametrize("via", ["first URL", "redirect"])
@pytest.mark.parametrize(("target", "reason"), HOSTILE)
def test_hostile_targets_refused_before_connecting(
    public_server, traps, monkeypatch, via, target, reason
):
    """Refused at the first URL, and again at a redirect hop from an allowed server, with no
    request sent anywhere but the public server (and no connection reaching the traps)."""
    base, hits = public_server
    target = target.format(public=PUBLIC, **traps)
    sent: list[str] = []
    send = httpx.HTTPTransport.handle_request

    def spy(self, request):
        sent.append(request.url.host)
        return send(self, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", spy)
    fetcher = Fetcher(
        FetchOptions(delay=0, retries=0, timeout=5),
        resolver=lambda host, port: NAMES.get(host) or resolve(host, port),
        public=lambda address: address == PUBLIC,
    )
    url = target if via == "first URL" else f"{base}/to?{quote(target, safe='')}"
    with fetcher, pytest.raises(FetchError, match=reason):
        fetcher.get(url)
    assert set(sent) <= {PUBLIC}
    if via == "redirect":
        assert hits[f"/to?{quote(target, safe='')}"] == 1  # the hop was really served
