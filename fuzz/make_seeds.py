"""Write the seed corpora in fuzz/seeds/<target>/: a few small valid inputs of each format
(and a few broken ones), so the fuzzer starts from the shapes the readers are written for
rather than from nothing. All content is invented. The store seed (an SQLite file of a few
hundred KB, made with the English model) stays out of git; `make fuzz` writes it when it is
missing. Run again after changing it:

    python fuzz/make_seeds.py
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SEEDS = Path(__file__).resolve().parent / "seeds"
URL = "https://herald.example/water"

STORY = [
    "MILLBROOK, Ore. (AP) — The Calder Valley water board voted 5-2 on Tuesday to limit "
    "lawn watering to two days a week.",
    "“We are asking every household to cut back by a fifth,” board chair Ana Ruiz said.",
    "Director Tom Lee, 62, called the surcharge “a tax on people who already conserve.”",
    "According to the district, the reservoir stood at 34 percent of capacity.",
    "The district said in a statement:",
    "We will repair the Eastside main before next summer.",
]
TEXT = "\n".join(STORY)
PARAGRAPHS = "".join(f"<p>{p}</p>" for p in STORY)


def page(head: str = "", body: str = PARAGRAPHS) -> str:
    return f"<!doctype html><html><head>{head}</head><body><article>{body}</article></body></html>"


HTML = {
    "article.html": page(
        '<meta charset="utf-8"><title>Water board limits watering</title>'
        '<meta name="author" content="By Jo Park and Sam Diaz">'
        '<meta property="og:site_name" content="Calder Herald">'
        '<link rel="canonical" href="https://herald.example/water">'
    ),
    "jsonld.html": page(
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": '
        '"2024-06-04", "author": [{"name": "Jo Park"}], "publisher": {"name": "Herald"},'
        ' "isAccessibleForFree": false}</script>'
    ),
    "latin1.html": page('<meta charset="windows-1252">'),  # written in cp1252
    "teaser.html": page(body="<p>" + STORY[0] + " Subscribe to continue reading …</p>"),
    "clutter.html": page(
        body=PARAGRAPHS
        + "<p>Related: Council to vote on budget</p><p>Photo: A dry reservoir (AP Photo)</p>"
    ),
    "empty.html": "<html><body></body></html>",
}

RSS_ITEM = (
    "<item><title>Water board limits watering</title><pubDate>Tue, 04 Jun 2024 19:00:00 GMT"
    "</pubDate><author>jo@herald.example (Jo Park)</author>"
    "<content:encoded><![CDATA[{body}]]></content:encoded></item>"
)
FEED = {
    "rss.xml": (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Herald</title>" + RSS_ITEM.format(body=PARAGRAPHS) + "</channel></rss>"
    ),
    "links.xml": (
        '<rss version="2.0"><channel><item><title>One</title>'
        "<link>https://herald.example/one</link></item>"
        "<item><title>No link, no content</title></item></channel></rss>"
    ),
    "atom.xml": (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Herald</title><entry>'
        "<title>Water</title><updated>2024-06-04T19:00:00Z</updated>"
        "<author><name>Jo Park</name></author>"
        f'<content type="html"><![CDATA[{PARAGRAPHS}]]></content></entry></feed>'
    ),
    "broken.xml": "<rss><channel><item><title>Unclosed",
}

JSONL = {
    "articles.jsonl": "\n".join(
        json.dumps(line)
        for line in [
            {"text": TEXT, "title": "Water", "authors": ["Jo Park"], "date": "2024-06-04"},
            {"html": page(), "url": "https://herald.example/w", "authors": "By A and B"},
            {"text": TEXT, "published": "June 4, 2024", "outlet": "Herald", "id": 7},
            {"text": TEXT, "language": "en", "id": "x"},
        ]
    ),
    "broken.jsonl": '{"text": "unclosed\n[1, 2]\n{"html": 5}\n\n{"text": ""}\n',
}

QUOTES = {
    "curly.txt": TEXT,
    "straight.txt": '"We will rebuild," Ruiz said. "It will take a year."\n"Why?" he asked.',
    "guillemets.txt": "« Nous allons reconstruire », a dit la maire. „Gut“, sagte er.",
    "runon.txt": "“The first paragraph runs on\n“and the second closes it,” she said.",
    "single.txt": "Mayor says ‘no new taxes’ in budget speech\nHe said it twice.",
    "dash.txt": "“Water is life.” ― Ana Ruiz\nPENCE: “Well, we will see.”",
}


def warc(gzipped: bool) -> bytes:
    """A small crawl: an HTML 200 response, a request, a 404, an image and a redirect."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    ids = iter(range(1, 100))

    def fixed() -> dict[str, str]:  # the same bytes on every run
        record_id = f"<urn:uuid:00000000-0000-4000-8000-{next(ids):012d}>"
        return {"WARC-Record-ID": record_id, "WARC-Date": "2024-06-04T19:00:00Z"}

    def response(url: str, status: str, ctype: str, body: bytes) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
            warc_headers_dict=fixed(),
        )
        writer.write_record(record)

    response(URL, "200 OK", "text/html", page().encode())
    get = b"GET /water HTTP/1.1\r\nHost: herald.example\r\n\r\n"
    request = writer.create_warc_record(
        URL, "request", payload=io.BytesIO(get), warc_headers_dict=fixed()
    )
    writer.write_record(request)
    response("https://herald.example/gone", "404 Not Found", "text/html", b"<p>gone</p>")
    response("https://herald.example/a.png", "200 OK", "image/png", b"\x89PNG\r\n")
    response("https://herald.example/", "301 Moved", "text/html", b"")
    return out.getvalue()


def store() -> bytes:
    """A small store: the HTML and JSONL seeds ingested (with their errors), and a comparison
    of two short reports saved (the English model runs for it)."""
    import tempfile

    from newsparallax.analysis.nlp import load_nlp
    from newsparallax.corpus.ingest import IngestOptions, ingest
    from newsparallax.pipeline import compare
    from newsparallax.reading.text import article_from_text
    from newsparallax.store.comparisons import save_comparison
    from newsparallax.store.schema import open_store

    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "store.db"
        conn = open_store(db)
        ingest(conn, [str(SEEDS / "html"), str(SEEDS / "jsonl")], IngestOptions(workers=0))
        other = TEXT.replace("Ana Ruiz", "Ana Ruiz, 58,").replace("5-2", "5 to 2")
        articles = [article_from_text(TEXT, "wire"), article_from_text(other, "herald")]
        save_comparison(conn, compare(articles, load_nlp()))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("VACUUM")
        conn.close()
        return db.read_bytes()


def main() -> None:
    text_seeds = {"html": HTML, "feed": FEED, "jsonl": JSONL, "quotes": QUOTES}
    for target, files in text_seeds.items():
        for name, content in files.items():
            write(target, name, content.encode("cp1252" if "latin1" in name else "utf-8"))
    write("warc", "crawl.warc", warc(gzipped=False))
    write("warc", "crawl.warc.gz", warc(gzipped=True))
    for n in range(4):  # a tree of a few entries of each kind (fuzz_files reads bytes as choices)
        write("files", f"tree-{n}", random.Random(n).randbytes(256 + 512 * n))
    write("store", "store.db", store())


def write(target: str, name: str, data: bytes) -> None:
    directory = SEEDS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data)


if __name__ == "__main__":
    main()
