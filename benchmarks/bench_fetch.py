"""Fetching URLs from many outlets: one connection against several, in the same run (`make bench`).

`--hosts` local servers on 127.0.0.1 (each its own site, as outlets are) serve news pages after
`--latency` seconds, as a distant server would; `--pages` URLs spread over them are read with
`sources.expand` (the path of `newsparallax ingest URL...`), first with one connection, then with
`--connections`. The politeness delay is 0 here, so the figure is what concurrency buys; with the
default 1 s per host, a list from many outlets gains more, one outlet's feed nothing (one request
per host at a time is the rule either way). Prints pages/s and the ratio. Always exits 0.
"""

from __future__ import annotations

import argparse
import threading
import time
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from newsparallax.corpus.fetch import Fetcher, FetchOptions
from newsparallax.corpus.items import SourceOptions
from newsparallax.corpus.sources import expand
from newsparallax.reading.document import Document

PAGE = (
    "<html><head><title>Council votes on the bridge {n}</title></head><body><article>"
    "<h1>Council votes on the bridge {n}</h1><p>The council voted on Tuesday to repair the"
    " bridge, after a year of closures, the mayor said.</p></article></body></html>"
)


def handler(latency: float) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            time.sleep(latency)
            body = PAGE.format(n=self.path).encode() if self.path != "/robots.txt" else b""
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def server(latency: float):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler(latency))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def timed(urls: list[str], connections: int) -> tuple[float, int]:
    options = FetchOptions(delay=0, retries=0, allow_private=True, connections=connections)
    started = time.perf_counter()
    with Fetcher(options) as fetcher:
        pages = sum(isinstance(i, Document) for i in expand(urls, SourceOptions(fetcher=fetcher)))
    return time.perf_counter() - started, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--pages", type=int, default=48)
    parser.add_argument("--latency", type=float, default=0.15)
    parser.add_argument("--connections", type=int, default=FetchOptions().connections)
    args = parser.parse_args()
    with ExitStack() as stack:
        bases = [stack.enter_context(server(args.latency)) for _ in range(args.hosts)]
        urls = [f"{bases[n % args.hosts]}/news/{n}.html" for n in range(args.pages)]
        one, got_one = timed(urls, 1)
        many, got_many = timed(urls, args.connections)
    print(
        f"fetch: {args.pages} pages from {args.hosts} hosts, {args.latency:.2f} s latency each\n"
        f"  1 connection:  {got_one / one:6.1f} pages/s ({got_one} pages)\n"
        f"  {args.connections} connections: {got_many / many:6.1f} pages/s ({got_many} pages)\n"
        f"  ratio {one / many:.2f}x (at most {args.connections}x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
