"""Search with Pagefind: what each page tells the index, and the search page.

Pagefind reads the built HTML, so each page carries its facts for the index as `<meta>` tags in
its head (filters, result metadata, the date to sort by), written from the domain at
`html-page-context`. Nothing reaches the doctree: the PDF, the pickled doctrees and the
incremental-build signatures never see search data. The index covers each page's article only
(`data-pagefind-body`, in the extension's `layout.html`; what of it is left out:
`html.pagefind.NOT_INDEXED`), so a meeting is found on its own page and not on every listing that
names it, and an excerpt starts with what the page says: with no query, a meeting's question.

Sphinx's own search is off: no `searchindex.js`, and the search page is Pagefind's. The index is
written after the build (`html.pagefind`).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from handbook.content.records import Page, Target
from handbook.domain import handbook_domain
from handbook.listings.catalogue import display_date

HERE = Path(__file__).parent

#: page kind → the value of the `kind` filter; other pages (home, section indexes, years) are
#: searchable but carry no kind.
KINDS = {"meeting": "Meeting", "person": "Person", "theme": "Theme", "cell": "Cell", "essay": "Essay"}
#: The editors' guide is a kind of its own, which the search page leaves out until it is chosen
#: (handbook-search.js): readers search the notes, not the markup that writes them.
EDITORS_GUIDE = ("editing", "Editors' guide")

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
