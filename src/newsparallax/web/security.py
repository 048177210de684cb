"""Request-level defences: CSRF tokens, same-origin checks, a body size cap, safe headers.

Article text is hostile input, but it reaches pages only through Jinja autoescaping and
`report.highlight`; this module guards the other side — requests. A form POST must carry a
token made from a per-process secret (a forged form on another site cannot know it), and its
Origin (or, failing that, Referer) must be this server; `Sec-Fetch-Site: cross-site` is refused
outright. Every response gets a Content-Security-Policy that allows scripts and styles from this
server only and no inline script, so even an escaping bug could not run injected code.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


class Csrf:
    """Tokens bound to a purpose ("paste") and signed with a secret made at start-up."""

    def __init__(self, secret: bytes | None = None):
        self._secret = secret or secrets.token_bytes(32)

    def token(self, purpose: str) -> str:
        return hmac.new(self._secret, purpose.encode(), hashlib.sha256).hexdigest()

    def valid(self, purpose: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.token(purpose), token or "")


def same_origin(request: Request) -> bool:
    """True when the request plainly comes from a page of this server."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        return False
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if not claimed or claimed == "null":
        return claimed is None  # no header at all: a non-browser client, which CSRF needs not
    parts = urlsplit(claimed)
    return f"{parts.scheme}://{parts.netloc}" == f"{request.url.scheme}://{request.url.netloc}"


class Guard:
    """ASGI middleware: refuse bodies over `max_body` bytes (by Content-Length, and by counting
    the bytes as they stream in when it is absent or lies, as with a chunked upload), refuse
    Host headers that are not exactly a host and a port, or not one of `hosts` when given (DNS
    rebinding), and add the safety headers to every response."""

    def __init__(self, app: ASGIApp, max_body: int, hosts: frozenset[str] | None = None):
        self.app = app
        self.max_body = max_body
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if self.hosts is not None and _hostname(headers.get("host", "")) not in self.hosts:
            await _plain(send, 400, "unknown Host header")
            return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _plain(send, 413, f"request larger than {self.max_body:,} bytes")
            return
        seen, started, refused = 0, False, False

        async def counted() -> Message:
            """The body as it arrives; past the cap the client gets its 413 here, and the app
            a disconnect, which ends its reading."""
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                refused = True
                if not started:
                    await _plain(send, 413, f"request larger than {self.max_body:,} bytes")
                return {"type": "http.disconnect"}
            return message

        async def secured(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 was the answer
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in names
                ]
            await send(message)

        try:
            await self.app(scope, counted, secured)
        except Exception:
            if not refused:  # the app's reading of a body cut short is over, and answered
                raise


# A Host header: a name or IPv4 address, or an IPv6 address in brackets, and an optional port.
_HOST = re.compile(
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::[0-9]{1,5})?"
)


def _hostname(value: str) -> str | None:
    """The host of a Host header without its port (`[::1]:8000` -> `[::1]`), or None when the
    header is anything else: `127.0.0.1@evil.com` and `[::1]evil` are no host at all, and
    reading them leniently as 127.0.0.1 and [::1] is what a rebinding attack counts on."""
    match = _HOST.fullmatch(value)
    return match["host"].lower() if match else None


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                *((k.encode(), v.encode()) for k, v in HEADERS.items()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
