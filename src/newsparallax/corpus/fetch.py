"""Fetch web pages politely and safely: the only module that talks to the network.

A corpus run may be handed thousands of URLs from feeds nobody has vetted, so every request is
treated as hostile input:

- only `http` and `https`; a redirect is followed by hand, hop by hop, and every hop is checked
  again (scheme, address, robots.txt) — a public page that redirects to `http://10.0.0.1/` is
  refused;
- the host is first read the way browsers read it (`addresses.canonical_host`: 2130706433,
  0177.0.0.1 and 127.1 are 127.0.0.1; names go to IDNA ASCII), then resolved here, and *every*
  address it resolves to must be public (not private, loopback, link-local, multicast, reserved
  or unspecified) unless `allow_private` is set; the connection then goes to the address that
  was checked (the Host header and TLS server name keep the name), so a DNS answer that changes
  between check and connect cannot slip through; a URL no browser would parse is refused;
- robots.txt is read once per site and obeyed, including its Crawl-delay (capped);
- one request at a time per host, at least `delay` seconds apart; different hosts may be fetched
  at once (`connections`, see `corpus.feeds`), so a list of URLs from many outlets does not wait on
  each site in turn;
- the body is read as a stream and decompressed here, chunk by chunk with a bounded output, so a
  gzip bomb stops at `max_bytes` (and at `max_ratio`) instead of filling memory; a whole fetch
  also has a wall-clock deadline, so a page that trickles one byte a second is given up;
- transient failures (connection errors, timeouts, 429 and 5xx) are retried with exponential
  backoff, honouring a short Retry-After.

Nothing here works around a paywall: no cookie games, no crawler User-Agent impersonation. A
teaser page is stored as the site serves it and flagged as truncated downstream.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

import httpx

from newsparallax.corpus.addresses import BadHost, canonical_host, is_public
from newsparallax.corpus.defaults import CONNECTIONS, FETCH_DELAY, FETCH_RETRIES, FETCH_TIMEOUT
from newsparallax.limits import MAX_BYTES, MAX_RATIO, RATIO_FLOOR, ratio_reason
from newsparallax.version import __version__

DEFAULT_USER_AGENT = f"newsparallax/{__version__} (news comparison research; robots.txt obeyed)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 10
MAX_CRAWL_DELAY = 30.0  # seconds; a robots.txt asking for more is obeyed only this far
MAX_RETRY_AFTER = 60.0
ROBOTS_MAX_BYTES = 512 * 1024
DECODE_STEP = 64 * 1024  # bytes decompressed between two checks of the caps


class FetchError(Exception):
    """A URL we could not or would not fetch; `reason` is one line for the errors table."""

    def __init__(self, url: str, reason: str, *, retryable: bool = False):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.retryable = retryable


@dataclass(frozen=True)
class FetchOptions:
    """How to fetch. Defaults suit a polite crawl of news sites."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = FETCH_TIMEOUT  # seconds for one attempt, redirects and body included
    retries: int = FETCH_RETRIES  # extra attempts after a transient failure
    backoff: float = 1.0  # seconds before the first retry, doubling each time
    delay: float = FETCH_DELAY  # seconds between two requests to one host
    max_bytes: int = MAX_BYTES  # decoded body size cap
    max_ratio: float = MAX_RATIO  # decoded / compressed size cap (beyond the first megabyte)
    allow_private: bool = False  # allow private, loopback and link-local addresses (tests)
    robots: bool = True  # obey robots.txt
    connections: int = CONNECTIONS  # pages fetched at once, from different hosts, one per host


@dataclass(frozen=True)
class Fetched:
    """A page as served: the URL asked for, the URL it finally came from, its body decoded."""

    url: str
    final_url: str
    status: int
    content_type: str
    content: bytes
    redirects: tuple[str, ...] = ()


@dataclass
class _Site:
    robots: urllib.robotparser.RobotFileParser | None = None
    next_time: float = 0.0
    crawl_delay: float = 0.0
    # One request to a host at a time, whatever the threads: held from the polite wait to the
    # end of the body. The robots lock is separate because loading robots.txt is a request.
    lock: threading.Lock = field(default_factory=threading.Lock)
    robots_lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Deadline:
    """When a fetch (every redirect hop and body included) must be done, on the monotonic clock;
    moved on by the time it waits for a host's turn, which is not the page being slow."""

    at: float


Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (an IP literal resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(host, f"cannot resolve host ({exc.strerror})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class Fetcher:
    """One HTTP client for a whole run: connection reuse, robots cache, per-host clock. Safe to
    share between threads: requests to one host are serialised, other hosts go on."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        resolver: Resolver = resolve,
        public: Callable[[str], bool] = is_public,
        sleep: Callable[[float], None] = time.sleep,
    ):
        """`resolver` and `public` are for tests: name resolution, and which addresses count as
        public when `allow_private` is off."""
        self.options = options or FetchOptions()
        self._resolve = resolver
        self._public = public
        self._sleep = sleep
        self._sites: dict[tuple[str, str, int], _Site] = {}
        self._sites_lock = threading.Lock()
        # Requests go straight to the transport: httpx's client parses every redirect's Location
        # itself (even when not following it) and fails on ones it dislikes, where we must read
        # the Location ourselves and refuse it, or follow it, by our own rules.
        self._transport = httpx.HTTPTransport()
        self._client = httpx.Client(
            transport=self._transport,
            follow_redirects=False,
            timeout=httpx.Timeout(self.options.timeout),
            headers={
                "User-Agent": self.options.user_agent,
                "Accept-Encoding": "gzip, deflate",
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            },
            trust_env=False,  # no proxies from the environment: the address checks must hold
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public ---------------------------------------------------------------------------

    def get(self, url: str) -> Fetched:
        """The page at `url`, after redirects. Raises FetchError with a one-line reason."""
        attempt = 0
        while True:
            try:
                return self._get_following(url, Deadline(time.monotonic() + self.options.timeout))
            except FetchError as exc:
                if not exc.retryable or attempt >= self.options.retries:
                    raise
                self._sleep(self.options.backoff * 2**attempt)
                attempt += 1

    # -- one attempt, following redirects -------------------------------------------------------

    def _get_following(self, url: str, deadline: Deadline) -> Fetched:
        hops: list[str] = []
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self._pinned(current)  # scheme and addresses first: robots.txt is a request too
            self._check_robots(current, deadline)
            status, headers, body = self._request(current, deadline, self.options.max_bytes)
            if status in (301, 302, 303, 307, 308) and "location" in headers:
                hops.append(current)
                current = _join(current, headers["location"])
                continue
            if status in RETRY_STATUSES:
                raise FetchError(url, f"HTTP {status}", retryable=True)
            if status >= 400:
                raise FetchError(url, f"HTTP {status}")
            if status != 200:
                raise FetchError(url, f"unexpected HTTP status {status}")
            return Fetched(
                url=url,
                final_url=current,
                status=status,
                content_type=headers.get("content-type", ""),
                content=body,
                redirects=tuple(hops),
            )
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    def _request(
        self, url: str, deadline: Deadline, max_bytes: int
    ) -> tuple[int, dict[str, str], bytes]:
        """One GET to a checked address, politely spaced; the body read within the caps."""
        target, host_header, sni = self._pinned(url)
        site = self._site(url)
        asked = time.monotonic()
        with site.lock:
            now = time.monotonic()
            if site.next_time > now:
                self._sleep(site.next_time - now)
            # waiting for the host's turn is not the page being slow: the deadline moves by it
            deadline.at += time.monotonic() - asked
            return self._request_locked(url, site, target, host_header, sni, deadline, max_bytes)

    def _request_locked(
        self, url, site: _Site, target, host_header, sni, deadline: Deadline, max_bytes: int
    ) -> tuple[int, dict[str, str], bytes]:
        try:
            request = self._client.build_request(
                "GET",
                target,
                headers={"Host": host_header},
                extensions={"sni_hostname": sni} if sni else {},
            )
            response = self._transport.handle_request(request)
        except (httpx.InvalidURL, UnicodeError) as exc:
            raise FetchError(url, f"refused: malformed URL ({exc})") from None
        except httpx.TimeoutException:
            raise FetchError(url, "timed out (--timeout)", retryable=True) from None
        except httpx.HTTPError as exc:
            raise FetchError(
                url, f"connection failed ({type(exc).__name__})", retryable=True
            ) from None
        finally:
            site.next_time = time.monotonic() + max(self.options.delay, site.crawl_delay)
        try:
            headers = {k.lower(): v for k, v in response.headers.items()}
            if response.status_code in RETRY_STATUSES:
                self._honour_retry_after(site, headers.get("retry-after"))
                return response.status_code, headers, b""
            if 300 <= response.status_code < 400:
                return response.status_code, headers, b""
            body = self._read_body(url, response, headers, deadline, max_bytes)
            return response.status_code, headers, body
        finally:
            response.close()

    def _read_body(
        self,
        url: str,
        response: httpx.Response,
        headers: dict[str, str],
        deadline: Deadline,
        max_bytes: int,
    ) -> bytes:
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(
                url, f"too large: {int(declared)} bytes declared (cap {max_bytes}, --max-bytes)"
            )
        decoder = _Decoder(headers.get("content-encoding", ""), url)
        out = bytearray()
        raw_size = 0
        try:
            for chunk in response.iter_raw():
                raw_size += len(chunk)
                for piece in decoder.feed(chunk, max_bytes - len(out) + 1):
                    out += piece
                    self._check_size(url, len(out), raw_size, max_bytes)
                if time.monotonic() > deadline.at:
                    raise FetchError(
                        url,
                        f"timed out: body not read within {self.options.timeout:g} s (--timeout)",
                    )
            out += decoder.flush(max_bytes - len(out) + 1)
            self._check_size(url, len(out), raw_size, max_bytes)
        except httpx.TimeoutException:
            raise FetchError(
                url, "timed out reading the body (--timeout)", retryable=True
            ) from None
        except httpx.HTTPError as exc:
            raise FetchError(
                url, f"body read failed ({type(exc).__name__})", retryable=True
            ) from None
        return bytes(out)

    def _check_size(self, url: str, size: int, raw_size: int, max_bytes: int) -> None:
        if size > max_bytes:
            raise FetchError(url, f"too large: more than {max_bytes} bytes (--max-bytes)")
        if size > RATIO_FLOOR and size > self.options.max_ratio * max(raw_size, 1):
            raise FetchError(url, ratio_reason(self.options.max_ratio))

    # -- addresses ----------------------------------------------------------------------------

    def _pinned(self, url: str) -> tuple[str, str, str | None]:
        """The URL rewritten to a checked IP address, its Host header and TLS server name."""
        parts = _split(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(url, f"refused: scheme {parts.scheme or '(none)'!r} is not http(s)")
        if not parts.hostname:
            raise FetchError(url, "refused: no host in the URL")
        if parts.username or parts.password:
            raise FetchError(url, "refused: credentials in the URL")
        try:
            host = canonical_host(parts.hostname)
        except BadHost as exc:
            raise FetchError(url, f"refused: {exc}") from None
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchError(url, "refused: bad port") from None
        try:
            addresses = self._resolve(host, port)
        except FetchError as exc:
            raise FetchError(url, exc.reason) from None
        if not addresses:
            raise FetchError(url, "cannot resolve host")
        if not self.options.allow_private:
            for address in addresses:
                if not self._public(address):
                    raise FetchError(
                        url,
                        f"refused: {host} resolves to non-public address {address}"
                        " (use --allow-private to allow)",
                    )
        default_port = 443 if parts.scheme == "https" else 80
        netloc = _netloc(addresses[0], port, default_port)
        host_header = _netloc(host, port, default_port)
        sni = host if parts.scheme == "https" and not _is_ip(host) else None
        target = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
        return target, host_header, sni

    # -- robots.txt ---------------------------------------------------------------------------

    def _site(self, url: str) -> _Site:
        parts = urlsplit(url)
        key = (parts.scheme, (parts.hostname or "").lower(), parts.port or 0)
        with self._sites_lock:
            return self._sites.setdefault(key, _Site())

    def _check_robots(self, url: str, deadline: Deadline) -> None:
        if not self.options.robots:
            return
        site = self._site(url)
        with site.robots_lock:
            if site.robots is None:
                robots = self._load_robots(url, deadline)
                delay = robots.crawl_delay(self.options.user_agent)
                if delay:
                    site.crawl_delay = min(float(delay), MAX_CRAWL_DELAY)
                site.robots = robots
        if not site.robots.can_fetch(self.options.user_agent, url):
            raise FetchError(url, "refused: disallowed by robots.txt")

    def _load_robots(self, url: str, deadline: Deadline) -> urllib.robotparser.RobotFileParser:
        """RFC 9309: a missing robots.txt (4xx) allows everything; an unreachable one (5xx,
        network failure) disallows everything for this run."""
        parts = urlsplit(url)
        robots_url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            for _ in range(MAX_REDIRECTS + 1):
                status, headers, body = self._request(robots_url, deadline, ROBOTS_MAX_BYTES)
                if status in (301, 302, 303, 307, 308) and "location" in headers:
                    robots_url = urljoin(robots_url, headers["location"])
                    continue
                break
        except FetchError as exc:
            if exc.reason.startswith("refused"):
                raise FetchError(url, f"{exc.reason} (fetching robots.txt)") from None
            parser.disallow_all = True
            return parser
        if status >= 500:
            parser.disallow_all = True
        elif status >= 400:
            parser.allow_all = True
        else:
            parser.parse(body.decode("utf-8", "replace").splitlines())
        return parser

    def _honour_retry_after(self, site: _Site, value: str | None) -> None:
        if value and value.strip().isdigit():
            wait = min(float(value.strip()), MAX_RETRY_AFTER)
            site.next_time = max(site.next_time, time.monotonic() + wait)


def _split(url: str) -> SplitResult:
    """urlsplit, with its ValueError (a bad bracketed host) as a refusal."""
    try:
        return urlsplit(url)
    except ValueError as exc:
        raise FetchError(url, f"refused: malformed URL ({exc})") from None


def _join(base: str, location: str) -> str:
    try:
        return urljoin(base, location)
    except ValueError as exc:
        raise FetchError(base, f"refused: malformed redirect location ({exc})") from None


def _netloc(host: str, port: int, default_port: int) -> str:
    literal = f"[{host}]" if ":" in host else host
    return literal if port == default_port else f"{literal}:{port}"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@dataclass
class _Decoder:
    """Content-Encoding undone with a bounded output per step (zlib's `max_length`)."""

    encoding: str
    url: str
    _z: zlib._Decompress | None = field(default=None, init=False)  # type: ignore[name-defined]

    def __post_init__(self) -> None:
        name = self.encoding.strip().lower()
        if name in ("", "identity"):
            self._z = None
        elif name in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif name == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise FetchError(self.url, f"unsupported content encoding {self.encoding!r}")

    def feed(self, chunk: bytes, limit: int) -> Iterator[bytes]:
        """`chunk` decoded in pieces of at most DECODE_STEP bytes, stopping past `limit`. The
        caller checks its caps after each piece: in one piece as large as `limit`, a bomb would
        hit the size cap before the ratio cap could name it."""
        if self._z is None:
            yield chunk
            return
        data = chunk
        while data and limit > 0:
            try:
                piece = self._z.decompress(data, min(limit, DECODE_STEP))
            except zlib.error as exc:
                raise FetchError(self.url, f"corrupt compressed body ({exc})") from None
            limit -= len(piece)
            yield piece
            data = self._z.unconsumed_tail

    def flush(self, limit: int) -> bytes:
        if self._z is None:
            return b""
        try:
            return self._z.flush(max(limit, 1))
        except zlib.error as exc:
            raise FetchError(self.url, f"corrupt compressed body ({exc})") from None
