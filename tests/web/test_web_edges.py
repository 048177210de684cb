"""The web app's edges an outside crawl found open (issue 18, class 7): the Host guard read
`127.0.0.1@evil.com` as 127.0.0.1; a chunked body with no Content-Length past the cap was a 500;
some formula-like CSV cells went through; the paste form read `file:///etc/passwd` as an
article. Requests go over a real socket to uvicorn on 127.0.0.1, byte for byte as written."""

from __future__ import annotations

import contextlib
import select
import socket
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from newsparallax.store.comparisons import save_comparison
from newsparallax.store.export import spreadsheet_safe
from newsparallax.store.schema import open_store
from newsparallax.web import create_app
from newsparallax.web.app import LOOPBACK_HOSTS
from newsparallax.web.paste import MAX_BODY, PasteError, read_pasted
from sample_comparison import build_sample_comparison
from webserver import serving


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("edges") / "web.db"
    conn = open_store(path)
    try:
        save_comparison(conn, build_sample_comparison())
    finally:
        conn.close()
    return path


@pytest.fixture(scope="module")
def live(store) -> Iterator[tuple[str, int]]:
    """The app guarded as `serve` guards it on loopback; yields (host, port)."""
    with serving(create_app(store, hosts=LOOPBACK_HOSTS)) as base:
        parts = urlsplit(base)
        yield parts.hostname, parts.port


def exchange(address: tuple[str, int], head: bytes, body: Iterable[bytes] = ()) -> int:
    """Send a raw request, the body piece by piece until the server answers (a server that
    refuses a body answers before it is all sent, and closes); the status code of the answer."""
    with socket.create_connection(address, timeout=30) as conn:
        conn.sendall(head)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for piece in body:
                if select.select([conn], [], [], 0)[0]:
                    break  # answered already
                conn.sendall(piece)
        answer = b""
        with contextlib.suppress(ConnectionResetError):
            while b"\r\n" not in answer and (chunk := conn.recv(65536)):
                answer += chunk
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize(
    "host, status",
    [
        ("127.0.0.1:{port}", 200),
        ("localhost:{port}", 200),
        ("[::1]:{port}", 200),
        ("LOCALHOST", 200),
        ("127.0.0.1@evil.com", 400),
        ("127.0.0.1:{port}@evil.com", 400),
        ("[::1]evil", 400),
        ("[::1]:{port}evil", 400),
        ("evil.example", 400),
        ("127.0.0.1.evil.example", 400),
        ("localhost:80:80", 400),
        ("", 400),
    ],
)
def test_the_host_guard_parses_the_host_strictly(live, host: str, status: int) -> None:
    request = f"GET /api/stories HTTP/1.1\r\nHost: {host.format(port=live[1])}\r\n"
    assert exchange(live, (request + "Connection: close\r\n\r\n").encode()) == status


def chunked(size: int, piece: int = 64 * 1024) -> Iterator[bytes]:
    left = size
    while left:
        n = min(piece, left)
        yield b"%x\r\n" % n + b"a" * n + b"\r\n"
        left -= n
    yield b"0\r\n\r\n"


@pytest.mark.parametrize("size, status", [(8 * 1024 * 1024, 413), (1024, 403)])
def test_a_chunked_body_is_counted_against_the_cap(live, size: int, status: int) -> None:
    """8 MB with no Content-Length is over the cap: 413, not 500; a small one reaches the form
    (refused for its missing CSRF token). The server serves on afterwards."""
    assert size > MAX_BODY or status != 413
    head = (
        f"POST /paste HTTP/1.1\r\nHost: 127.0.0.1:{live[1]}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    assert exchange(live, head, chunked(size)) == status
    assert exchange(live, b"GET /api/stories HTTP/1.1\r\nHost: localhost\r\n\r\n") == 200


@pytest.mark.parametrize(
    "cell, safe",
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r'=1"),
        ("   =1+1", "'   =1+1"),
        ("\u00a0=1", "'\u00a0=1"),
        ("\uff1dHYPERLINK(1)", "'\uff1dHYPERLINK(1)"),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20x", "'\uff20x"),
        ("said so\n=cmd|' /C calc'!A0", "said so\n'=cmd|' /C calc'!A0"),
        ("said so\r\n  +1", "said so\r\n'  +1"),
        ("plain words", "plain words"),
        ("3 - 2 = 1", "3 - 2 = 1"),
        ("e-mail@example.org", "e-mail@example.org"),
        ("", ""),
        (5, 5),
        (-5, -5),
        (None, ""),
    ],
)
def test_csv_cells_never_start_a_formula(cell, safe) -> None:
    assert spreadsheet_safe(cell) == safe


def test_csv_export_over_http_neutralises_a_quote(tmp_path: Path) -> None:
    """A quote whose words start a formula after spaces, and again on a line of their own."""
    sample = build_sample_comparison()
    hostile = replace(sample.quotes[0], text='  =HYPERLINK("http://evil.example")\n@SUM(1)')
    comparison = replace(sample, quotes=(hostile, *sample.quotes[1:]))
    path = tmp_path / "csv.db"
    conn = open_store(path)
    try:
        save_comparison(conn, comparison)
    finally:
        conn.close()
    with (
        serving(create_app(path)) as base,
        urllib.request.urlopen(f"{base}/api/comparisons/{comparison.id}/quotes.csv") as answer,
    ):
        csv_text = answer.read().decode()
    assert "'  =HYPERLINK" in csv_text and "\n'@SUM(1)" in csv_text
    assert "\n  =HYPERLINK" not in csv_text and ",  =HYPERLINK" not in csv_text


@pytest.mark.parametrize(
    "address",
    [
        "file:///etc/passwd",
        "  FILE:///etc/passwd\n",
        "ftp://example.org/a.txt",
        "data:text/html,<b>x</b>",
        "javascript:alert(1)",
        "gopher://example.org/",
    ],
)
def test_the_paste_form_refuses_an_address_that_is_not_http(address: str) -> None:
    article = "The council met on Tuesday. “We will wait,” said Mara Quill, who chairs it."
    with pytest.raises(PasteError, match=r"article 1: only http:// and https:// addresses"):
        read_pasted([address, article])


@pytest.mark.parametrize(
    "text",
    ["Note: the council met on Tuesday and voted to wait.", "12:30 The council met."],
)
def test_the_paste_form_reads_text_with_a_colon_as_text(text: str) -> None:
    other = "The council met on Tuesday. “We will wait,” said Mara Quill, who chairs it."
    articles = read_pasted([text, other])
    assert articles[0].text.strip() == text


def test_the_paste_form_answers_file_urls_with_a_message(live, store) -> None:
    with TestClient(create_app(store)) as client:
        token = client.get("/api/paste").json()["csrf_token"]
        response = client.post(
            "/api/paste", data={"csrf_token": token, "text": ["file:///etc/passwd", "Some text."]}
        )
    assert response.status_code == 422
    assert "only http:// and https:// addresses are fetched, not file:" in response.json()["detail"]
    assert "root:" not in response.text
