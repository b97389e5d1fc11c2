"""Search with Pagefind: what each page tells the index, the search page, and the index step.

Pagefind reads the built HTML, so each page carries its facts for the index as `<meta>` tags in
its head (filters, result metadata, the date to sort by), written from the domain at
`html-page-context`. Nothing reaches the doctree: the PDF, the pickled doctrees and the
incremental-build signatures never see search data. The index covers each page's article only
(`data-pagefind-body`, in the extension's `layout.html`), less permalinks, generated listings and
what is metadata, so a meeting is found on its own page and not on every listing that names it,
and an excerpt starts with what the page says: with no query, a meeting's question.

Sphinx's own search is off: no `searchindex.js`, and the search page is Pagefind's.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterable
from html import escape, unescape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from handbook.content import names
from handbook.content.records import Page, Target
from handbook.domain import handbook_domain
from handbook.listings.catalogue import display_date

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent

#: page kind → the value of the `kind` filter; other pages (home, section indexes, years) are
#: searchable but carry no kind.
KINDS = {"meeting": "Meeting", "person": "Person", "theme": "Theme", "cell": "Cell", "essay": "Essay"}
#: The editors' guide is a kind of its own, which the search page leaves out until it is chosen
#: (handbook-search.js): readers search the notes, not the markup that writes them.
EDITORS_GUIDE = ("editing", "Editors' guide")

#: What a reader means by a query weighs more where the note says it most directly: the question a
#: meeting considered and its key points; a list of works cited, less than the meetings that
#: discuss them (Pagefind's `data-pagefind-weight`; body text is 1).
WEIGHTS = {"handbook-question": 4.0, "handbook-keypoints": 2.0, "citation-list": 0.1}
WEIGHTED = re.compile(r'<(\w+[^>]*?) class="(?=[^"]*\b(' + "|".join(WEIGHTS) + r')\b)')

#: Not indexed: permalink signs, generated listings (they repeat other pages' titles), what the
#: handbook adds around a note (key points' numbers, `handbook-added`), and the
#: page title, a meeting's facts line and its theme badges, which are metadata instead (searched, the title with
#: more weight), so that an excerpt starts with what the page says.
NOT_INDEXED = (".headerlink", ".handbook-listing", "h1", ".handbook-meeting-facts", ".handbook-themes",
               ".handbook-added")

#: Sort value of pages without a date: every page needs one, or sorting by date drops it.
NO_DATE = "0000"


def add_assets(app: Sphinx, config) -> None:
    """config-inited: the search page, the layout that marks the indexed article, and the script
    that keeps a search in the address bar, all kept with the extension. Appended, so a project's
    own templates and static files still win."""
    config.templates_path = [*config.templates_path, str(HERE / "templates")]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def turn_off_sphinx_search(app: Sphinx) -> None:
    """builder-inited: Pagefind replaces Sphinx's search, so Sphinx writes neither its index nor
    its search page (an index left by an earlier build is removed)."""
    if isinstance(app.builder, StandaloneHTMLBuilder):
        app.builder.search = False
        Path(app.outdir, "searchindex.js").unlink(missing_ok=True)


def search_page(app: Sphinx):
    """html-collect-pages: the search page, with Pagefind's UI (`templates/search.html`)."""
    if isinstance(app.builder, StandaloneHTMLBuilder):
        index = handbook_domain(app.env).index
        yield "search", {"title": "Search", "handbook_filter_slugs": filter_slugs(index)}, "search.html"


def filter_slugs(index: dict[str, dict[str, Target]]) -> str:
    """JSON for the search page: each filter value a reader sees (a speaker's, theme's or cell's
    name) → its slug, the one the address holds (`speaker=olena-kovalenko` for Олена Коваленко);
    the script cannot make slugs of every script itself. Safe inside a `<script>` element."""
    slugs = {target.title: slug for kind in ("person", "theme", "cell") for slug, target in index.get(kind, {}).items()}
    return json.dumps(slugs, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def meta(attribute: str, key: str, value: str) -> str:
    return f'<meta data-pagefind-{attribute}="{key}[content]" content="{escape(value, quote=True)}">\n'


def facts_for_index(page: Page, index: dict[str, dict[str, Target]], docname: str = "") -> str:
    """The `<meta>` tags that give Pagefind one page's filters, metadata and sort date.

    `theme`, `cell`, `speaker` and `year` describe meetings, so a filter's count is a number of
    meetings; `kind` describes every page of the five kinds. Values are the names readers see:
    theme and cell titles, speakers' canonical names.
    """
    def name(kind: str, slug: str) -> str:
        return index[kind].get(slug, Target("", "", slug)).title

    kind = page.kind
    tags = [meta("meta", "title", page.title)] if page.title else []
    shown = KINDS.get(kind) or (EDITORS_GUIDE[1] if docname == EDITORS_GUIDE[0] else "")
    if shown:
        tags += [meta("filter", "kind", shown), meta("meta", "kind", shown)]
    date = page.date if kind == "meeting" else ""
    tags.append(meta("sort", "date", date or NO_DATE))
    if kind != "meeting":
        return "".join(tags)
    cell = name("cell", page.cell)
    tags += [meta("filter", "cell", cell), meta("meta", "cell", cell)]
    if date:
        tags += [meta("filter", "year", date[:4]), meta("meta", "date", display_date(date))]
    tags += [meta("filter", "theme", name("theme", theme)) for theme in page.themes]
    speakers = dict.fromkeys(speaker.person for speaker in page.speakers)
    tags += [meta("filter", "speaker", name("person", person)) for person in speakers]
    return "".join(tags)


def index_facts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: every document's article is indexed, with its facts in the head.
    Pages Sphinx generates without a document (search, index of terms) are not indexed."""
    if doctree is None or not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    domain = handbook_domain(app.env)
    context["pagefind_body"] = True
    context["metatags"] = context.get("metatags", "") + facts_for_index(domain.facts(pagename), domain.index, pagename)


def pagefind_command(pages: Path, bundle: Path) -> list[str]:
    """The Pagefind binary of the `pagefind[extended]` wheel: no download, no network."""
    return [
        sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(bundle),
        "--exclude-selectors", ", ".join(NOT_INDEXED),
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
        done = subprocess.run(["nice", "-n", str(niceness), *command] if niceness else command,
                              capture_output=True, text=True, check=False)
    except OSError as error:
        raise PagefindFailed(f"Pagefind could not be started: {error}") from error
    if done.returncode != 0:
        if bundle.is_dir():  # half an index: the next build must index again
            shutil.rmtree(bundle)
        raise PagefindFailed(f"Pagefind could not index {bundle.parent} (exit status {done.returncode}):\n"
                             + (done.stderr or done.stdout).strip())
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
    article = WEIGHTED.sub(lambda found: f'<{found.group(1)} data-pagefind-weight="{WEIGHTS[found.group(2)]}" class="',
                           html[start:end])
    return (f"<!DOCTYPE html>\n{html_tag.group() if html_tag else '<html>'}\n<head>\n{facts}\n</head>\n"
            f"<body>\n{article}\n</body>\n</html>\n")


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
    files = sorted((str(path.relative_to(bundle)) for path in bundle.rglob("*") if path.is_file()),
                   key=lambda name: (name == "pagefind-entry.json", name))
    for name in files:
        (index / name).parent.mkdir(parents=True, exist_ok=True)
        os.replace(bundle / name, index / name)
    shutil.rmtree(bundle, ignore_errors=True)
    kept = replaced | set(files)
    for path in [path for path in index.rglob("*") if path.is_file()]:
        if str(path.relative_to(index)) not in kept:
            path.unlink()
    record.write_text(json.dumps(files), encoding="utf-8")


# --- letters Pagefind does not fold --------------------------------------------------------------

#: Written beside Pagefind's index: the search script reads it (handbook-search.js).
FOLDS = "handbook-folds.json"
#: In the doctree folder, beside the copies: each copy's words that Pagefind does not fold, so that
#: a build reads only the copies it changed.
WORDS = "pagefind-words.json"
_WORD = re.compile(r"[^\W\d_]+")
_TAG = re.compile(r"<[^>]*>")


def _pagefind_fold(word: str) -> str:
    """A word as Pagefind (1.5) indexes it: lowercase, without combining marks (é → e, ř → r)."""
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


def _typed(word: str) -> str:
    return names.slugify(word).replace("-", "")


def unfolded_words(text: str) -> list[str]:
    """The words of `text`, sorted, in Latin letters that are not a base letter with marks and so
    that Pagefind does not fold (ø, ł, đ, ß, æ, œ, þ, ħ: Pagefind/pagefind#1210): "Ødegård",
    "Łukasz", "Straße"."""
    found = []
    for word in sorted(set(_WORD.findall(text))):
        if not all(unicodedata.name(letter, "").startswith("LATIN") for letter in word):
            continue
        typed = _typed(word)
        if typed and typed != _pagefind_fold(word):
            found.append(word)
    return found


def folds(words: Iterable[str]) -> dict[str, str]:
    """Words typed without their special letters → the word as written, for the words
    `unfolded_words` found: {"odegard": "ødegård", "lukasz": "łukasz", "strasse": "straße"}. The
    search page searches both spellings, so a page that writes the name without its special
    letters is found too."""
    found: dict[str, str] = {}
    for word in sorted(set(words)):
        found.setdefault(_typed(word), word.lower())
    return found


def page_text(copy: Path) -> str:
    """The text of a page's copy, without its tags."""
    return unescape(_TAG.sub(" ", copy.read_text(encoding="utf-8")))


def update_folds(pages: Path, changed: set[str]) -> None:
    """Bring `WORDS` (beside `pages`) up to date: the copies named in `changed` (relative paths)
    are read again, and only they; every copy when `WORDS` is missing or unreadable."""
    store = pages.parent / WORDS
    try:
        words = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        words, changed = {}, {copy.relative_to(pages).as_posix() for copy in pages.rglob("*.html")}
    if not changed and store.exists():
        return
    for name in changed:
        copy = pages / name
        if copy.is_file():
            words[name] = unfolded_words(page_text(copy))
        else:
            words.pop(name, None)
    store.write_text(json.dumps(words, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def write_folds(pages: Path, path: Path) -> None:
    """The folds of every word of the indexed pages, as JSON at `path` (beside the index), from
    the words `update_folds` keeps beside `pages`."""
    update_folds(pages, set())
    words = json.loads((pages.parent / WORDS).read_text(encoding="utf-8"))
    found = folds(word for page in words.values() for word in page)
    path.write_text(json.dumps(found, ensure_ascii=False, sort_keys=True), encoding="utf-8")
