"""Fuzz the walk over files a corpus is read from: a directory tree made from the fuzzed bytes
(article files of every kind the suffix picks, hidden ones, subdirectories, FIFOs, sockets,
links to /dev/zero, to /dev/null, to each other, dangling and looping) through the progress
estimate (`sources.estimate`) and `sources.expand` (the directory, and a glob over it), every
document found through `reading.document.read_document`. A reader that waits on a FIFO or reads
a device to its end is a hang or an out-of-memory here (libFuzzer's -timeout and -rss_limit_mb).

    python fuzz/fuzz_files.py -max_total_time=60 -timeout=20 CORPUS_DIR fuzz/seeds/files
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["newsparallax"]):
    from harness import DIRECTORY, read
    from newsparallax.corpus.items import SourceOptions
    from newsparallax.corpus.sources import estimate, expand
    from newsparallax.reading.document import Document

NAMES = [
    "a.html",
    "b.txt",
    "c.htm",
    ".hidden.txt",
    "sub/d.html",
    "sub/.e/f.txt",
    "feed.xml",
    "news.rss",
    "crawl.warc",
    "crawl.warc.gz",
    "lines.jsonl",
    "lines.jsonl.gz",
    "README",
    "sub",
    "g.xhtml",
    "h.text",
]
KINDS = ["file", "fifo", "zero", "null", "link", "dir", "socket", "loop"]


def build(data: bytes) -> Path:
    """The tree of `data` under DIRECTORY/tree, made afresh."""
    root = DIRECTORY / "tree"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    fdp = atheris.FuzzedDataProvider(data)
    sockets = []
    for _ in range(fdp.ConsumeIntInRange(0, 8)):
        path = root / fdp.PickValueInList(NAMES)
        kind = fdp.PickValueInList(KINDS)
        if os.path.lexists(path):
            continue  # taken by an earlier step (writing into its FIFO would wait)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "file":
                path.write_bytes(fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 4096)))
            elif kind == "fifo":
                os.mkfifo(path)
            elif kind in ("zero", "null"):
                os.symlink(f"/dev/{kind}", path)
            elif kind == "link":
                os.symlink(root / fdp.PickValueInList(NAMES), path)
            elif kind == "dir":
                path.mkdir()
            elif kind == "loop":
                os.symlink(root, path)
            else:
                listening = socket.socket(socket.AF_UNIX)
                listening.bind(str(path))
                sockets.append(listening)
        except OSError:
            continue  # a parent is not a directory
    for listening in sockets:
        listening.close()
    return root


def test_one_input(data: bytes) -> None:
    root = build(data)
    estimate([str(root)])
    for item in expand([str(root), str(root / "**" / "*")], SourceOptions(max_bytes=1 << 16)):
        if isinstance(item, Document):
            read(item)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
