"""Pagefind run after the build: the copies of the pages it reads, the index written or left
pending, and the new index put in the place of the old one.

Pagefind indexes the built HTML, its article only (`data-pagefind-body`), less `NOT_INDEXED`;
what each page tells it is `html.search`'s. It writes the index anew each time, so the build keeps
what it reads of each page and runs it only when one of those changed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from handbook.domain import handbook_domain
from handbook.html.folds import FOLDS, WORDS, update_folds, write_folds

logger = logging.getLogger(__name__)

#: What a reader means by a query weighs more where the note says it most directly: the question a
#: meeting considered and its key points; a list of works cited, less than the meetings that
#: discuss them (Pagefind's `data-pagefind-weight`; body text is 1).
WEIGHTS = {"handbook-question": 4.0, "handbook-keypoints": 2.0, "citation-list": 0.1}
WEIGHTED = re.compile(r'<(\w+[^>]*?) class="(?=[^"]*\b(' + "|".join(WEIGHTS) + r")\b)")

#: Not indexed: permalink signs, generated listings (they repeat other pages' titles), what the
#: handbook adds around a note (key points' numbers, `handbook-added`), and the
#: page title, a meeting's facts line and its theme badges, which are metadata instead (searched, the title with
#: more weight), so that an excerpt starts with what the page says.
NOT_INDEXED = (
    ".headerlink",
    ".handbook-listing",
    "h1",
    ".handbook-meeting-facts",
    ".handbook-themes",
    ".handbook-added",
)


def pagefind_command(pages: Path, bundle: Path) -> list[str]:
    """The Pagefind binary of the `pagefind[extended]` wheel: no download, no network."""
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(pages),
        "--output-path",
        str(bundle),
        "--exclude-selectors",
        ", ".join(NOT_INDEXED),
    ]


class PagefindFailed(Exception):
    """Pagefind did not write the index."""


def run_pagefind(pages: Path, bundle: Path, niceness: int = 0) -> float:
    """Index the pages under `pages` (a built site, or the copy `index_site` keeps) into the
    folder `bundle` (a site's `pagefind/`), written anew, at a lower priority by `niceness`
    (`nice -n`); seconds taken. PagefindFailed carries Pagefind's own words."""
    # Pagefind names its files by content and never removes old ones: without this, every
    # rebuild would leave the last index's files behind.
    if bundle.is_dir():
        shutil.rmtree(bundle)
    started = time.perf_counter()
    try:
        command = pagefind_command(pages, bundle)
        done = subprocess.run(
            ["nice", "-n", str(niceness), *command] if niceness else command,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        raise PagefindFailed(f"Pagefind could not be started: {error}") from error
    if done.returncode != 0:
        if bundle.is_dir():  # half an index: the next build must index again
            shutil.rmtree(bundle)
        raise PagefindFailed(
            f"Pagefind could not index {bundle.parent} (exit status {done.returncode}):\n"
            + (done.stderr or done.stdout).strip()
        )
    logger.verbose(done.stdout)
    return time.perf_counter() - started


# --- what Pagefind reads, kept between builds -----------------------------------------------------

#: Pagefind cannot update an index, only write it anew (it has no incremental mode:
#: Pagefind/pagefind#71). So the build keeps, in Sphinx's doctree folder, what Pagefind reads of
#: each page (its `<html>` tag, its index facts, its article) at the page's own path, which is its
#: address in the index. A build that changed no indexed page leaves the index as it is; one that
#: did has Pagefind read these copies, about a quarter of the site's bytes.
PAGES = "pagefind-pages"
#: Written by `layout.html` right after the indexed article.
ARTICLE_END = "<!-- end of the indexed article -->"
HTML_TAG = re.compile(r"<html\b[^>]*>")
FACT_TAG = re.compile(r"<meta data-pagefind-[^>]*>")


def indexed_part(html: str) -> str | None:
    """What Pagefind reads of a written page, as a page of its own; None if nothing is indexed."""
    body = html.find("data-pagefind-body")
    end = html.find(ARTICLE_END, body)
    if body < 0 or end < 0:
        return None
    start = html.rfind("<article", 0, body)
    html_tag = HTML_TAG.search(html)
    facts = "\n".join(FACT_TAG.findall(html, 0, start))
    article = WEIGHTED.sub(
        lambda found: f'<{found.group(1)} data-pagefind-weight="{WEIGHTS[found.group(2)]}" class="', html[start:end]
    )
    return (
        f"<!DOCTYPE html>\n{html_tag.group() if html_tag else '<html>'}\n<head>\n{facts}\n</head>\n"
        f"<body>\n{article}\n</body>\n</html>\n"
    )


def note_build_start(app: Sphinx) -> None:
    """builder-inited: pages written from now on are this build's (see `update_pages`)."""
    handbook_domain(app.env).remember("build_started", time.time())


def html_files(folder: Path, leave_out: str = "") -> dict[str, float]:
    """The HTML files under `folder` (paths relative to it, "cells/a/b.html") → their modification
    times; a top-level folder named `leave_out` is not looked into."""
    found = {}
    for root, folders, files in os.walk(folder):
        relative = os.path.relpath(root, folder)
        if relative == ".":
            folders[:] = [name for name in folders if name != leave_out]
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for file in files:
            if file.endswith(".html"):
                found[prefix + file] = os.stat(os.path.join(root, file)).st_mtime
    return found


def update_pages(site: Path, pages: Path, since: float) -> set[str]:
    """Bring the copies under `pages` up to date with the site: pages written since `since` (in
    any process, `-j` included) are copied again, copies of pages gone are removed. The copies
    that changed, as paths relative to `pages` ("cells/a/b.html")."""
    if not pages.is_dir():
        since = 0.0  # a first build, or the doctree folder was emptied: copy every page
    # File times come from a coarser clock than time.time(); a page compared needlessly costs a read.
    since -= 2
    changed = set()
    written = html_files(site, leave_out="pagefind")
    for name in (name for name, modified in written.items() if modified >= since):
        copy = pages / name
        part = indexed_part((site / name).read_text(encoding="utf-8"))
        if part is None:
            if copy.is_file():
                changed.add(name)
            copy.unlink(missing_ok=True)
        elif not copy.is_file() or copy.read_text(encoding="utf-8") != part:
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(part, encoding="utf-8")
            changed.add(name)
    for name in html_files(pages).keys() - written.keys():
        (pages / name).unlink()
        changed.add(name)
    return changed


#: In the doctree folder: the index is older than the copies, and the next build (or the preview,
#: `make serve`) indexes them. Its text changes with every build that leaves it.
PENDING = "pagefind-pending"


def index_site(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: index the site once every page is written, only if the build succeeded
    and an indexed page changed (or an index was left pending). A failure is an error that fails
    the build (a site without its search is not published), reported as Sphinx reports any error
    rather than as a crash. With `handbook_search_index = "later"` (the preview's builds) the index
    is left pending, for `index_pending` to write once the page has reloaded."""
    if not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    site, pages = Path(app.outdir), Path(app.doctreedir) / PAGES
    if exception is not None:
        # Pages it wrote count as written in the next build: it copies and indexes every page.
        shutil.rmtree(pages, ignore_errors=True)
        (pages.parent / WORDS).unlink(missing_ok=True)
        return
    changed = update_pages(site, pages, handbook_domain(app.env).recall("build_started", 0.0))
    update_folds(pages, changed)
    pending = Path(app.doctreedir) / PENDING
    if not changed and not pending.exists() and (site / "pagefind" / "pagefind-entry.json").is_file():
        logger.info("search index unchanged: no indexed page changed")
        return
    if app.config.handbook_search_index == "later":
        pending.write_text(f"{time.time_ns()}\n", encoding="utf-8")
        logger.info("search index left for after the reload")
        return
    try:
        seconds = run_pagefind(pages, site / "pagefind")
    except PagefindFailed as failure:
        logger.error("%s", failure)
        app.statuscode = 1
        return
    write_folds(pages, site / "pagefind" / FOLDS)
    (Path(app.doctreedir) / INDEX_FILES).unlink(missing_ok=True)  # the index in place is this one
    pending.unlink(missing_ok=True)
    logger.info("search index written by Pagefind in %.1f s", seconds)


def index_pending(site: Path, doctrees: Path) -> float | None:
    """Write the index a build left pending (`PENDING`) into `<site>/pagefind/`; seconds taken,
    or None if none was pending. The old index is searched until the new one is whole: it is
    written beside it and moved into its place. A build that leaves the index pending again
    while Pagefind runs keeps it pending. Raises PagefindFailed."""
    pending = doctrees / PENDING
    try:
        token = pending.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    pages, bundle = doctrees / PAGES, doctrees / "pagefind-next"
    shutil.rmtree(bundle, ignore_errors=True)
    # After the pages a browser is reloading, not before them.
    seconds = run_pagefind(pages, bundle, niceness=10)
    write_folds(pages, bundle / FOLDS)
    swap_index(bundle, site / "pagefind", doctrees / INDEX_FILES)
    if pending.read_text(encoding="utf-8") == token:
        pending.unlink()
    return seconds


#: In the doctree folder: the files of the index the preview put in place (`swap_index`).
INDEX_FILES = "pagefind-files.json"


def swap_index(bundle: Path, index: Path, record: Path) -> None:
    """Put the index in `bundle` in the place of the one in `index`. A search page opened before
    the swap goes on asking for the files of the index it loaded (Pagefind names its chunks,
    filters and fragments by their content), so the new index's files join the old one's, and
    what only the index before that held is removed. `record` (outside the site) lists the files
    of the index in place. Each file is moved in one step; the entry file, which names the new
    index, comes last."""
    try:
        replaced = set(json.loads(record.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        replaced = {str(path.relative_to(index)) for path in index.rglob("*") if path.is_file()}
    files = sorted(
        (str(path.relative_to(bundle)) for path in bundle.rglob("*") if path.is_file()),
        key=lambda name: (name == "pagefind-entry.json", name),
    )
    for name in files:
        (index / name).parent.mkdir(parents=True, exist_ok=True)
        os.replace(bundle / name, index / name)
    shutil.rmtree(bundle, ignore_errors=True)
    kept = replaced | set(files)
    for path in [path for path in index.rglob("*") if path.is_file()]:
        if str(path.relative_to(index)) not in kept:
            path.unlink()
    record.write_text(json.dumps(files), encoding="utf-8")
