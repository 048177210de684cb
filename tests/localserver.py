"""A real HTTP server on 127.0.0.1 (or another loopback address) for the fetch and ingest tests:
pages, a feed, robots.txt, redirects (`/to?LOCATION` redirects anywhere), a slow page, a huge
page, a gzip bomb, a flaky page. Nothing leaves this machine."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

ARTICLE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
    "<meta property='article:published_time' content='2025-06-11T08:00:00Z'>"
    "<link rel='canonical' href='/canonical/{slug}'></head><body><nav>Home | News</nav>"
    "<article><h1>{title}</h1><p class='byline'>By Dana Reyes</p>"
    "<p>The Harrow zoning panel voted on Tuesday to pause the {slug} project for a year,"
    " after residents packed a four-hour hearing at the old fire hall.</p>"
    "<p>“We are not against building, we are against building blind,” said Walt Ibarra, who"
    " chairs the panel. The pause gives engineers time to finish a study of the {slug} site.</p>"
    "<p>Developers said the delay would add about $2.1 million to the cost of the {slug} plan,"
    " and that they would ask the county commission to review the decision next month.</p>"
    "</article><footer>© Harrow Post</footer></body></html>"
)
WAIT_SECONDS = 0.2
# /slow answers this late: past any --timeout a test gives, however loaded the machine, whose
# other pages must come in well within it.
SLOW_SECONDS = 10.0
SLOW_TIMEOUT = "3"
IN_FLIGHT = [0, 0]  # /wait/ requests being served now, and the most at once, over all servers
IN_FLIGHT_LOCK = threading.Lock()
SPANS: dict[int, list[tuple[float, float]]] = {}  # (start, end) of each /wait/ request, by port
BOMB = gzip.compress(b"\0" * (20 * 1024 * 1024), compresslevel=9)  # ~20 KB on the wire
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def article(slug: str, title: str | None = None) -> bytes:
    return ARTICLE.format(slug=slug, title=title or f"Harrow pauses {slug} project").encode()


def feed(base: str) -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>{base}/news/{n}.html</link>"
        f"<pubDate>Wed, 11 Jun 2025 0{n}:00:00 GMT</pubDate></item>"
        for n in (1, 2)
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Harrow Post</title>"
        f"<link>{base}/</link>{items}</channel></rss>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: dict[str, int]

    def log_message(self, *args: object) -> None:
        pass

    def _send(
        self,
        status: int,
        body: bytes,
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        self.server.hits[path] = self.server.hits.get(path, 0) + 1  # type: ignore[attr-defined]
        host, port = self.server.server_address[:2]
        base = f"http://{host}:{port}"
        if path == "/robots.txt":
            self._send(200, ROBOTS, "text/plain")
        elif path.startswith("/news/") or path.startswith("/private/"):
            self._send(200, article(path.rsplit("/", 1)[-1].removesuffix(".html")))
        elif path == "/feed.xml":
            self._send(200, feed(base), "application/rss+xml")
        elif path.startswith("/to?"):
            self._send(302, b"", headers={"Location": unquote(path.removeprefix("/to?"))})
        elif path == "/redirect":
            self._send(302, b"", headers={"Location": "/news/moved.html"})
        elif path == "/redirect-private":
            self._send(302, b"", headers={"Location": "http://10.0.0.1/admin"})
        elif path == "/redirect-file":
            self._send(302, b"", headers={"Location": "file:///etc/passwd"})
        elif path == "/redirect-loop":
            self._send(302, b"", headers={"Location": "/redirect-loop"})
        elif path.startswith("/wait/"):  # a page that takes a while, its timing recorded
            started = time.monotonic()
            with IN_FLIGHT_LOCK:
                IN_FLIGHT[0] += 1
                IN_FLIGHT[1] = max(IN_FLIGHT[1], IN_FLIGHT[0])
            time.sleep(WAIT_SECONDS)
            with IN_FLIGHT_LOCK:
                IN_FLIGHT[0] -= 1
            SPANS.setdefault(port, []).append((started, time.monotonic()))
            self._send(200, article(path.rsplit("/", 1)[-1].removesuffix(".html")))
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, article("slow"))
        elif path == "/huge":
            self._send(
                200, b"<html><body><p>" + b"word " * (3 * 1024 * 1024) + b"</p></body></html>"
            )
        elif path == "/huge-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
            self.close_connection = True
        elif path == "/bomb":
            self._send(200, BOMB, headers={"Content-Encoding": "gzip"})
        elif path == "/gzipped":
            self._send(200, gzip.compress(article("gzipped")), headers={"Content-Encoding": "gzip"})
        elif path == "/flaky":
            if self.server.hits[path] == 1:  # type: ignore[attr-defined]
                self._send(503, b"busy", "text/plain", {"Retry-After": "0"})
            else:
                self._send(200, article("flaky"))
        elif path == "/teaser":
            self._send(
                200,
                (
                    "<html><head><title>Council secrets</title><script type='application/ld+json'>"
                    '{"@type": "NewsArticle", "isAccessibleForFree": false}</script></head><body>'
                    "<article><h1>Council secrets</h1><p>The Harrow council met behind closed"
                    " doors on Monday to discuss the budget, and what members decided there"
                    " will surprise many residents who…</p>"
                    "<div class='paywall'>Subscribe to continue reading.</div>"
                    "</article></body></html>"
                ).encode(),
            )
        else:
            self._send(404, b"not found", "text/plain")


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up on a bomb or a huge page is the point of those tests


@contextmanager
def serve(host: str = "127.0.0.1") -> Iterator[tuple[str, dict[str, int]]]:
    """(base URL, hit counts by path) of a server on `host` running for the block."""
    server = _Server((host, 0), _Handler)
    server.daemon_threads = True
    server.hits = {}  # type: ignore[attr-defined]
    # A short poll: shutdown() waits for the loop to notice (0.5 s by default, per server).
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}", server.hits  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
