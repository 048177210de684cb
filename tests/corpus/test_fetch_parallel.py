"""URLs from several hosts are fetched at once, one request per host at a time, and come out in
the order given. Three real servers on 127.0.0.1 (a site is scheme, host and port)."""

from __future__ import annotations

from contextlib import ExitStack
from itertools import pairwise

import pytest

import localserver
from localserver import serve
from newsparallax.corpus.fetch import Fetcher, FetchOptions
from newsparallax.corpus.items import SourceError, SourceOptions
from newsparallax.corpus.sources import expand
from newsparallax.reading.document import Document


@pytest.fixture
def three_servers():
    with ExitStack() as stack:
        bases = [stack.enter_context(serve())[0] for _ in range(3)]
        localserver.IN_FLIGHT[:] = [0, 0]
        localserver.SPANS.clear()
        yield bases


def fetch_all(urls: list[str], connections: int) -> list:
    options = FetchOptions(
        delay=0, retries=0, timeout=5, allow_private=True, connections=connections
    )
    with Fetcher(options) as fetcher:
        return list(expand(urls, SourceOptions(fetcher=fetcher)))


@pytest.mark.parametrize("connections", [1, 3])
def test_pages_come_out_in_the_given_order(three_servers, connections):
    urls = [f"{base}/wait/{base[-5:]}-{n}.html" for n in range(2) for base in three_servers]
    urls.insert(3, f"{three_servers[0]}/missing")
    items = fetch_all(urls, connections)
    assert [item.source for item in items] == urls
    assert isinstance(items[3], SourceError) and items[3].stage == "fetch"
    assert all(isinstance(item, Document) for n, item in enumerate(items) if n != 3)


@pytest.mark.parametrize("hosts", [1, 3])
def test_hosts_are_fetched_at_once_but_each_host_one_request_at_a_time(three_servers, hosts):
    urls = [f"{base}/wait/{n}.html" for n in range(3) for base in three_servers[:hosts]]
    fetch_all(urls, 3)
    most_at_once = localserver.IN_FLIGHT[1]
    assert most_at_once == 1 if hosts == 1 else most_at_once >= 2
    for spans in localserver.SPANS.values():
        spans.sort()
        assert len(spans) == 3
        assert all(later[0] >= earlier[1] for earlier, later in pairwise(spans))


def test_one_connection_fetches_one_page_at_a_time(three_servers):
    fetch_all([f"{base}/wait/a.html" for base in three_servers], 1)
    assert localserver.IN_FLIGHT[1] == 1


def test_a_feed_of_links_to_several_hosts_is_fetched_at_once(three_servers, tmp_path):
    links = "".join(
        f"<item><title>Story {n}</title><link>{base}/wait/{n}.html</link></item>"
        for n, base in enumerate(three_servers)
    )
    feed = tmp_path / "feed.rss"
    feed.write_text(f"<?xml version='1.0'?><rss version='2.0'><channel>{links}</channel></rss>")
    items = fetch_all([str(feed)], 3)
    assert [item.fields["feed_title"] for item in items] == ["Story 0", "Story 1", "Story 2"]
    assert localserver.IN_FLIGHT[1] >= 2
