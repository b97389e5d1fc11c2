"""Search rows of the benchmark: how long Pagefind takes to index a built handbook, how large the
index is, and how many bytes a reader's browser fetches to open the search page and run one query.

`search_figures(site)` measures any built site; `rows(size)` is the row producer for
`python -m bench` (in table.py's `producers()`).
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from handbook.html.pagefind import PAGES, run_pagefind

from .measure import doctrees

#: A query of the synthetic archive's words that many notes match, and a filter to list alone.
QUERY = "health inequalities"
BROWSE = "theme=health"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: What Pagefind writes that grows with the archive; the rest is its scripts, styles and WebAssembly.
INDEX_PARTS = ("index", "fragment", "filter")


@dataclass
class SearchFigures:
    index_seconds: float  # Pagefind alone, on the built site
    index_bytes: int  # the index proper: word chunks, page fragments, filters, metadata
    bundle_bytes: int  # the whole `pagefind/` folder, scripts and WebAssembly included
    open_bytes: int  # fetched to open the search page, cold cache, until it is idle
    query_bytes: int  # fetched for one query typed there, until it is idle again
    browse_bytes: int  # fetched to open the search page with a filter alone, cold cache


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def index_bytes(bundle: Path) -> int:
    parts = sum(folder_bytes(bundle / part) for part in INDEX_PARTS)
    return parts + sum(path.stat().st_size for path in bundle.glob("*.pf_meta"))


@contextmanager
def served(site: Path):
    """The site over HTTP on a free port of 127.0.0.1, as a static host would serve it."""
    handler = partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


class Traffic:
    """Bytes received (headers and bodies, as sent), counted from the browser's network events."""

    def __init__(self, context) -> None:
        self.received, self.pending, self.last = 0, 0, time.monotonic()
        context.on("request", self.started)
        context.on("requestfinished", self.finished)
        context.on("requestfailed", self.failed)

    def started(self, request) -> None:
        self.pending += 1
        self.last = time.monotonic()

    def finished(self, request) -> None:
        sizes = request.sizes()
        self.received += sizes["responseHeadersSize"] + sizes["responseBodySize"]
        self.failed(request)

    def failed(self, request) -> None:
        self.pending -= 1
        self.last = time.monotonic()

    def settle(self, page, quiet: float = 0.5) -> int:
        """Wait until nothing has been requested or received for `quiet` seconds; the bytes
        received since the last call."""
        while self.pending or time.monotonic() - self.last < quiet:
            page.wait_for_timeout(50)
        received, self.received = self.received, 0
        return received


def fetched_bytes(browser, base: str, query: str, browse: str) -> tuple[int, int, int]:
    """Bytes fetched, each from a cold cache: to open search.html; then for one query typed there;
    and to open it with a filter alone (`browse`, e.g. `theme=health`), which lists its pages."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    traffic, page = Traffic(context), context.new_page()
    page.goto(f"{base}/search.html")
    expect(page.locator("pagefind-filter-pane details").first).to_be_visible()
    opened = traffic.settle(page)
    page.locator(".handbook-search-box input").fill(query)
    expect(page.locator("pagefind-summary")).to_contain_text(f"for {query}")
    expect(page.locator("pagefind-results a.pf-result-link").first).to_be_visible()
    queried = traffic.settle(page)
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    traffic, page = Traffic(context), context.new_page()
    page.goto(f"{base}/search.html?{browse}")
    expect(page.locator("pagefind-results a.pf-result-link").first).to_be_visible()
    browsed = traffic.settle(page)
    context.close()
    return opened, queried, browsed


@contextmanager
def chromium():
    """Debian's Chromium, driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def search_figures(site: Path, pages: Path | None = None, browser=None) -> SearchFigures:
    """Index `site` again with Pagefind, from the copies of its pages its build keeps (`pages`,
    as the build does) or from the site itself, then measure the index and, in `browser` (a
    Playwright Chromium; one is started if none is given), what a search fetches."""
    seconds = run_pagefind(pages or site, site / "pagefind")
    bundle = site / "pagefind"
    with served(site) as base:
        if browser is None:
            with chromium() as browser:
                fetched = fetched_bytes(browser, base, QUERY, BROWSE)
        else:
            fetched = fetched_bytes(browser, base, QUERY, BROWSE)
    return SearchFigures(seconds, index_bytes(bundle), folder_bytes(bundle), *fetched)


def rows(size) -> list:
    """Row producer for `python -m bench`: the figures of the clean serial handbook build."""
    from .table import Figure

    site = size.clean("handbook").outdir
    found = search_figures(site, doctrees(site) / PAGES)
    return [
        Figure("pagefind_seconds", "Pagefind, indexing the built site", found.index_seconds, "s"),
        Figure("pagefind_index_kib", "Pagefind index on disk (without its scripts)", found.index_bytes / 1024, "KiB"),
        Figure(
            "pagefind_bundle_kib",
            "Pagefind folder on disk, scripts and WebAssembly included",
            found.bundle_bytes / 1024,
            "KiB",
        ),
        Figure("search_open_kib", "browser, opening the search page (cold cache)", found.open_bytes / 1024, "KiB"),
        Figure("search_query_kib", f"browser, one query (“{QUERY}”) on that page", found.query_bytes / 1024, "KiB"),
        Figure(
            "search_browse_kib",
            f"browser, the search page with a filter alone (`{BROWSE}`, cold cache)",
            found.browse_bytes / 1024,
            "KiB",
        ),
    ]
