"""Reading: one document into one `Article`, with no store and no network.

`decode` (bytes to text, the one decoder: strict for `compare`, lenient for corpora), `text`
(plain text: dateline, clutter, headline), `html` (a page through trafilatura), `files` (a file,
as `compare` reads it), `pagemeta` and `dates` (what a page says about itself, when it was
published), `document` (a corpus document with its provenance, as `ingest` and `run` read it)
and `fingerprint` (its MinHash signature for near-duplicate search).
"""
