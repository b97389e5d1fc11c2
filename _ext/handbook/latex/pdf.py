"""The printable handbook and one guide per theme, through Sphinx's LaTeX builder and xelatex.

Sphinx assembles a LaTeX document from its start page's toctree, which is fixed when the page is
read, while listings are filled only after every page is read. So the start pages are written
before reading, from what `model` reads without Sphinx: `guides/handbook.md` and
`guides/guide-<theme>.md` (ignored by git, like `people/`). They exist for LaTeX builds only:
every other builder leaves `guides/` out, so no meeting gains a parent in the website's
navigation, and the handbook's cells get the toctree of their meetings in the LaTeX build alone.

In print, a document holds only its own pages: a listing shows only what is in it, a link to a
page outside it reads as that page's title, and its citations resolve to its own list of works.
"""

from __future__ import annotations

import contextlib
import logging as py_logging
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import thebibliography
from sphinx.config import Config
from sphinx.domains import Index, IndexEntry
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri
from sphinx.util.texescape import escape as tex_escape

from handbook import diagnostics, listings
from handbook.content import fonts, model, names
from handbook.domain import handbook_domain
from handbook.reading.pages import escape_title, sync_folder, write_if_changed

FOLDER = "guides"
HANDBOOK = "handbook"
STYLE = Path(__file__).parent / "handbook.sty"

LATEX_ELEMENTS = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    # Read on screen as often as printed: no blank pages to start chapters on the right.
    "extraclassoptions": "openany,oneside",
    # Noto for the text, a font of its own for each other script (fonts.py).
    "fontpkg": fonts.latex_setup(),
    "fncychap": "",
    # LaTeX nests lists and quotes 6 deep; a note may nest them as deep as Markdown reads (20,
    # scanner.BLOCK_NESTING), and a document must not fail on one.
    "maxlistdepth": "24",
    "maketitle": "\\handbookcover",
    # The index of people is a domain index; there is no general index.
    "makeindex": "",
    "printindex": "",
}


#: Paper sizes by `handbook_paper`: LaTeX's paper, type size and margins. A5 is booklet size
#: (an A4 sheet folded), so its type is a size smaller and its margins narrower.
PAPERS = {
    "a4": {"papersize": "a4paper", "pointsize": "11pt"},
    "a5": {"papersize": "a5paper", "pointsize": "10pt", "sphinxsetup": "hmargin={1.5cm,1.5cm}, vmargin={1.8cm,2cm}"},
    "letter": {"papersize": "letterpaper", "pointsize": "11pt"},
}


def print_settings(app: Sphinx, config: Config) -> None:
    """config-inited: xelatex (for the notes' characters), page numbers after references, the
    index of people, the handbook's style and paper (`handbook_paper`, one of `PAPERS`); and
    `guides/` left out of every build but LaTeX's."""
    config.exclude_patterns = [*config.exclude_patterns, FOLDER]
    paper = config.handbook_paper
    if paper not in PAPERS:
        diagnostics.warn(f"handbook_paper {paper!r} is not one of {', '.join(PAPERS)}: the documents are printed "
                         "on A4", "guide")
        paper = "a4"
    config.latex_engine = "xelatex"
    config.latex_show_pagerefs = True
    config.latex_domain_indices = ["handbook-people"]
    config.latex_additional_files = [*config.latex_additional_files, str(STYLE)]
    config.latex_elements = {**LATEX_ELEMENTS, **PAPERS[paper], **config.latex_elements}


# --- start pages, written before reading ------------------------------------------------------


@dataclass
class Note:
    """A meeting as the start pages need it."""

    docname: str
    cell: str
    themes: list[str]
    speakers: list[str]
    year: str  # "" when undated

    def matches(self, selection: dict[str, str]) -> bool:
        """Whether the meeting has every facet of the selection (as the website's search filters)."""
        facts = {"cell": [self.cell], "theme": self.themes, "person": self.speakers, "year": [self.year]}
        return all(value in facts[facet] for facet, value in selection.items())


@dataclass
class Archive:
    """What the start pages are written from, read without Sphinx."""

    cells: dict[str, str]  # slug → its `# Title` as written
    themes: dict[str, str]
    notes: list[Note]  # newest first
    essays: dict[str, list[str]]  # meeting slug → essays that hold part of its note
    people: dict[str, str]  # slug → name

    @classmethod
    def read(cls, srcdir: Path) -> Archive:
        def title(path: Path, default: str) -> str:
            return model.page_title(model.read_source(path)[0]) if path.exists() else escape_title(default)

        themes = {slug: title(srcdir / "themes" / f"{slug}.md", slug) for slug in sorted(model.known_themes(srcdir))}
        cells = {slug: title(srcdir / "cells" / slug / "index.md", slug) for slug in sorted(model.known_cells(srcdir))}
        dated = []
        for path in model.meeting_sources(srcdir):
            text = model.read_source(path)[0]
            data, lines, _ = model.read_mapping(text)
            meta, _ = model.validate_meeting(data, lines, set(themes))
            docname = path.relative_to(srcdir).with_suffix("").as_posix()
            speakers = [slug for slug, _ in model.speakers_of(text)]
            note = Note(docname, model.cell_of(docname), meta.themes, speakers, str(meta.date.year) if meta.date else "")
            # The listings' order: newest first, then by title and file.
            dated.append(((meta.date.sort_key() if meta.date else (0, 0, 0)), model.page_title(text), docname, note))
        essays = defaultdict(list)
        for path in sorted((srcdir / "essays").glob("*.md")):
            meeting = model.read_mapping(model.read_source(path)[0])[0].get("meeting")
            if meeting:
                essays[str(meeting)].append(path.relative_to(srcdir).with_suffix("").as_posix())
        notes = [entry[-1] for entry in sorted(dated, key=lambda entry: entry[:3], reverse=True)]
        people = {slug: person.name for slug, person in model.people_of(srcdir).items()}
        return cls(cells, themes, notes, dict(essays), people)

    def with_essays(self, notes: list[Note]) -> list[str]:
        """The meetings' pages, each followed by the essays that hold part of its note."""
        return [doc for note in notes for doc in (note.docname, *self.essays.get(model.meeting_slug(note.docname), []))]


def toctree(docnames: list[str], maxdepth: int = 0) -> str:
    options = f":maxdepth: {maxdepth}\n" if maxdepth else ""
    return ":::{toctree}\n" + options + "\n" + "".join(f"/{doc}\n" for doc in docnames) + ":::\n"


FRONT = "---\norphan: true\n---\n"


# Each printed document lists the works its own pages cite (see LinksInPrint and WorksInPrint).
BIBLIOGRAPHY = ":::{bibliography}\n:::\n"


#: The facets a guide selects meetings by, as the website's search filters them; a guide's name
#: joins them in this order (`guide-health-cell-leadership`).
FACETS = ("theme", "cell", "person", "year")


def parse_selection(text: str) -> dict[str, str]:
    """`theme=health,cell=leadership` (empty values ignored) → {"theme": "health", "cell": …}.
    Raises ValueError for a facet not in `FACETS` or a part without `=`."""
    selection = {}
    for part in filter(None, (part.strip() for part in text.split(","))):
        facet, equals, value = part.partition("=")
        if not equals or facet.strip() not in FACETS:
            raise ValueError(f"{part!r} is not one of {', '.join(f'{facet}=…' for facet in FACETS)}")
        if value.strip():
            selection[facet.strip()] = value.strip()
    return selection


def selection_name(selection: dict[str, str], paper: str = "a4") -> str:
    """The document's name for a selection, which no other selection or paper shares: a theme's
    alone is `guide-health` (the theme's page links to it); any other names each facet but the
    theme, `guide-cell-leadership`, `guide-health-cell-leadership-year-2023`; on paper other than
    A4 it ends with the paper's name (`guide-health-a5`)."""
    parts = [f"{facet}-{selection[facet]}" if facet != "theme" else selection[facet]
             for facet in FACETS if facet in selection]
    return "guide-" + "-".join(parts) + paper_suffix(paper)


def paper_suffix(paper: str) -> str:
    """What a document's name ends with on this paper: nothing on A4, `-a5`, `-letter`."""
    return "" if paper not in PAPERS or paper == "a4" else f"-{paper}"


def selection_problem(selection: dict[str, str], archive: Archive) -> str:
    """Why a selection names nothing ('' if every facet names something)."""
    known = {"theme": archive.themes, "cell": archive.cells, "person": archive.people,
             "year": {note.year for note in archive.notes if note.year}}
    for facet, value in selection.items():
        if value not in known[facet]:
            return (f"no {facet} {value!r}{diagnostics.suggestion(value, set(known[facet])) or '.'} "
                    f"Known: {', '.join(sorted(known[facet]))}")
    if not selection:
        return "it selects nothing: give a theme, cell, person or year"
    return ""


def no_meeting(selection: dict[str, str], archive: Archive) -> str:
    """Why a selection of known facets prints nothing: no meeting has them all ('' if one has)."""
    if any(note.matches(selection) for note in archive.notes):
        return ""
    return "no meeting has every one of " + ", ".join(f"{facet} {value!r}" for facet, value in selection.items())


def selection_heading(selection: dict[str, str], archive: Archive) -> str:
    """A selection's title as a Markdown heading: "Health · Leadership"."""
    titles = {"theme": archive.themes, "cell": archive.cells}
    return " · ".join(titles[facet][value] if facet in titles else escape_title(archive.people.get(value, value))
                      for facet, value in selection.items())


def guide_page(selection: dict[str, str], heading: str, archive: Archive, bibliography: bool) -> str:
    """A selection's meetings grouped by cell (after its theme's introduction, for a theme), and
    the works they cite."""
    notes = [note for note in archive.notes if note.matches(selection)]
    parts = [FRONT, f"# {heading}\n"]
    if "theme" in selection:
        parts.append(toctree([f"themes/{selection['theme']}"], maxdepth=2))
    for cell in sorted({note.cell for note in notes}):
        parts += [f"## {archive.cells.get(cell) or escape_title(cell)}\n",
                  toctree(archive.with_essays([note for note in notes if note.cell == cell]))]
    if bibliography:
        parts.append(BIBLIOGRAPHY)
    return "\n".join(parts)


def handbook_page(title: str, archive: Archive, srcdir: Path, bibliography: bool) -> str:
    """Every cell with its meetings, the themes, the essays, everyone who spoke, the works."""
    chapters = [f"cells/{cell}/index" for cell in archive.cells]
    chapters += [doc for doc in ("themes/index", "essays/index") if (srcdir / f"{doc}.md").exists()]
    parts = [FRONT, f"# {escape_title(title)}\n", toctree(chapters, maxdepth=2)]
    if bibliography:
        parts.append(BIBLIOGRAPHY)
    return "\n".join(parts)


def write_start_pages(app: Sphinx) -> None:
    """builder-inited, LaTeX builds only: the start page of the handbook and of every guide."""
    if app.builder.format != "latex":
        return
    config, srcdir = app.config, Path(app.srcdir)
    config.exclude_patterns = [pattern for pattern in config.exclude_patterns if pattern != FOLDER]
    bibliography = "sphinxcontrib.bibtex" in app.extensions
    if bibliography:
        # Every printed document carries its own copy of the works it cites.
        config.suppress_warnings = [*config.suppress_warnings, "bibtex.duplicate_citation"]
    archive = Archive.read(srcdir)
    pages = {HANDBOOK: handbook_page(config.project, archive, srcdir, bibliography)}
    selections = {f"guide-{theme}": ({"theme": theme}, "") for theme in archive.themes}
    for name, selection, title in guides(config, Path(app.confdir), archive, dict(selections)):
        selections[name] = (selection, title)
    for name, (selection, title) in selections.items():
        pages[name] = guide_page(selection, escape_title(title) if title else selection_heading(selection, archive),
                                 archive, bibliography)
    domain = handbook_domain(app.env)
    domain.remember("selections", selections)
    sync_folder(srcdir / FOLDER, pages)
    domain.remember("cell_meetings", {
        cell: [note.docname for note in archive.notes if note.cell == cell] for cell in archive.cells
    })


def declared_at(confdir: Path, name: str) -> str:
    """`conf.py:LINE`, the line that declares this guide (the first naming it)."""
    path = confdir / "conf.py"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    line = next((number for number, text in enumerate(lines, 1) if repr(name)[1:-1] in text and "name" in text), 1)
    return f"{path}:{line}"


def guides(config: Config, confdir: Path, archive: Archive,
           taken: dict[str, tuple[dict[str, str], str]]) -> list[tuple[str, dict[str, str], str]]:
    """(name, selection, title) of the guides an editor declared (`handbook_guides`) and of the one
    `make guide` asks for (`handbook_select`); a declaration that selects nothing, or whose name
    another document has (`taken`: the themes' guides), is a warning: a document of the same name
    would print over the other."""
    found = []
    for declared in config.handbook_guides:
        declared = dict(declared) if isinstance(declared, dict) else {}
        name, title = str(declared.pop("name", "")), str(declared.pop("title", ""))
        try:
            selection = parse_selection(",".join(f"{facet}={value}" for facet, value in declared.items()))
            problem = selection_problem(selection, archive)
        except ValueError as error:
            selection, problem = {}, str(error)
        if not name or model.slugify(name) != name:
            problem = f"its name {name!r} is not a slug (lowercase words joined by hyphens)"
        elif not problem:
            problem = no_meeting(selection, archive)
        if not problem and f"guide-{name}" in taken:
            problem = f"guide-{name}.pdf is the name of another guide: give it another name"
        if problem:
            diagnostics.warn(f"handbook_guides: the guide {name!r} is not printed: {problem}", "guide",
                             declared_at(confdir, name))
        else:
            found.append((f"guide-{name}", selection, title))
            taken[f"guide-{name}"] = (selection, title)
    if config.handbook_select:
        try:
            selection = parse_selection(config.handbook_select)
            problem = selection_problem(selection, archive) or no_meeting(selection, archive)
        except ValueError as error:
            selection, problem = {}, str(error)
        name = selection_name(selection) if not problem else ""
        if not problem and name in taken and taken[name][0] != selection:
            problem = f"{name}.pdf is the name of a guide declared in conf.py (handbook_guides)"
        if problem:
            diagnostics.warn(f"the guide asked for is not printed: {problem}", "guide")
        elif name not in taken:
            found.append((name, selection, ""))
    return found


def cell_meetings(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read, LaTeX builds only: in the handbook, a cell's chapter holds its meetings.
    (Essays tied to a meeting are in the essays' chapter instead.)"""
    env = app.env
    if app.builder.format != "latex" or model.page_kind(env.docname) != "cell":
        return
    meetings = handbook_domain(env).recall("cell_meetings", {}).get(model.cell_of(env.docname), [])
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not meetings:
        return
    tree = addnodes.toctree(
        parent=env.docname, entries=[(None, doc) for doc in meetings], includefiles=meetings,
        maxdepth=-1, caption=None, glob=False, hidden=True, includehidden=False, numbered=0, titlesonly=False,
    )
    section += nodes.compound("", tree, classes=["toctree-wrapper"])


# --- documents and covers, once every page is read ---------------------------------------------


def date_range(cat: listings.Catalogue, docnames: list[str]) -> str:
    """"February 2022 – May 2023": the first and last dates as the notes state them."""
    dates = sorted((model.PartialDate.parse(cat.pages[doc]["date"]) for doc in docnames
                    if cat.pages[doc].get("date")), key=model.PartialDate.sort_key)
    if not dates:
        return ""
    first, last = dates[0].display(), dates[-1].display()
    return first if first == last else f"{first} – {last}"


def cover(title: str, kind: str, dates: str, count: int, undated: int) -> str:
    """The cover's words for handbook.sty, each escaped for LaTeX."""
    meetings = f"{count} meeting" + ("" if count == 1 else "s") + (f" ({undated} undated)" if undated else "")
    values = {"title": title, "kind": kind, "dates": dates, "count": meetings}
    return "".join(f"\\renewcommand\\handbookcover{key}{{{tex_escape(value, 'xelatex')}}}\n"
                   for key, value in values.items())


def no_documents_filter(record: py_logging.LogRecord) -> bool:
    return "latex_documents" not in str(record.msg)


def documents(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated, LaTeX builds only: one document per start page, titled from what was read,
    and its cover (title, the network's name, the date range of its meetings)."""
    if app.builder.format != "latex":
        return []
    cat = listings.catalogue(env)
    network = app.config.author or app.config.project
    suffix = paper_suffix(app.config.handbook_paper)
    entries = []
    for page in sorted((Path(app.srcdir) / FOLDER).glob("*.md")):
        if page.stem == HANDBOOK:
            title, kind, meetings = app.config.project, f"The notes of {network}", cat.newest_first
        else:
            selection, title = handbook_domain(env).recall("selections")[page.stem]
            title = title or " · ".join(cat.titles[facet].get(value, value) if facet in cat.titles else value
                                        for facet, value in selection.items())
            kind, meetings = f"A guide to the notes of {network}", cat.meetings(selection)
        # On other paper than A4 a document has a name of its own (`guide-health-a5`), so that it
        # never replaces the A4 one the website publishes.
        entries.append((f"{FOLDER}/{page.stem}", f"{page.stem}{suffix}.tex", tex_escape(title, "xelatex"),
                        tex_escape(network, "xelatex"), "manual"))
        undated = sum(1 for doc in meetings if not cat.pages[doc].get("date"))
        text = cover(title, kind, date_range(cat, meetings), len(meetings), undated)
        # not .tex: the LaTeX Makefile builds every .tex
        write_if_changed(Path(app.outdir) / f"{page.stem}{suffix}.cover", text)
    # `make guide` prints one document (`-D handbook_print=guide-health`): the others are not
    # assembled, which at thousands of notes is most of the LaTeX build.
    chosen = set(app.config.handbook_print)
    if app.config.handbook_select:
        with contextlib.suppress(ValueError):
            chosen.add(selection_name(parse_selection(app.config.handbook_select)))
    app.config.latex_documents = [entry for entry in entries if not chosen or Path(entry[0]).name in chosen]
    if chosen and not app.config.latex_documents:
        # The guide asked for is not printed, and its warning says why: Sphinx's "no documents
        # will be written" would be a second one.
        py_logging.getLogger("sphinx.sphinx.builders.latex").addFilter(no_documents_filter)
    # A theme that is gone takes its guide with it, on every paper.
    written = {Path(entry[0]).name + paper for entry in entries for paper in {paper_suffix(p) for p in PAPERS}}
    for stale in Path(app.outdir).glob("*.cover"):
        if stale.stem not in written:
            for suffix in (".cover", ".tex", ".pdf"):
                stale.with_suffix(suffix).unlink(missing_ok=True)
    return []


# --- the assembled document ---------------------------------------------------------------------


class LinksInPrint(SphinxPostTransform):
    """A handbook link to a page outside this document reads as the page's title, as do the
    meeting header's cell and themes (labels in print); a citation goes to the list of works on
    this document's start page. Runs before Sphinx resolves references (priority 10), which
    would keep only a link's raw text, and would send a citation to whichever list it met first."""

    default_priority = 5
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        start, held = pages_of(self.document)
        domain = self.env.get_domain("handbook")
        for ref in list(self.document.findall(addnodes.pending_xref)):
            if ref.get("refdomain") == "cite":
                ref["refdoc"] = start
            if ref.get("refdomain") != "handbook":
                continue
            found = domain.index.get(ref["reftype"], {}).get(ref["reftarget"])
            if found is None:
                continue  # the resolver warns about it
            # A person's name in running text gets no page number: the index of people gives
            # their pages, and "(p. 87)" inside "Samira's" breaks the sentence.
            if found[0] not in held or ref["reftype"] == "person" or in_meeting_header(ref):
                text = ref.astext() if ref.get("refexplicit") else found[2]
                classes = ref[0].get("classes", []) if len(ref) else []
                ref.replace_self(nodes.inline(text, text, classes=classes))


def pages_of(document: nodes.document) -> tuple[str, set[str]]:
    """An assembled document's start page, and every page it holds."""
    start = document.get("docname", "")
    return start, {start} | {node["docname"] for node in document.findall(addnodes.start_of_file)}


def in_meeting_header(node: nodes.Node) -> bool:
    while node is not None:
        if isinstance(node, nodes.Element) and "handbook-meeting-header" in node["classes"]:
            return True
        node = node.parent
    return False


class WorksInPrint(SphinxPostTransform):
    """A document's list of works (its start page's) keeps only the works its pages cite, and a
    heading left with nothing under it (the essays' "Works cited", whose works are this list)
    goes. Runs after Sphinx gathers the works at the end of the document (priority 750)."""

    default_priority = 760
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        start, held = pages_of(self.document)
        kept: set[tuple[str, str]] = set()
        if "cite" in self.env.domains:
            cite = self.env.get_domain("cite")
            keys = {target.key for ref in cite.citation_refs if ref.docname in held for target in ref.targets}
            kept = {(start, work.citation_id) for work in cite.citations
                    if work.bibliography_key.docname == start and work.key in keys}

        def unwanted(node: nodes.Node) -> bool:
            if isinstance(node, nodes.citation):
                return not {(node.get("docname"), id_) for id_ in node["ids"]} & kept
            if isinstance(node, thebibliography):
                return all(unwanted(child) for child in node.children)
            return isinstance(node, nodes.section) and all(
                isinstance(child, (nodes.container, nodes.target)) and not child.astext().strip()
                for child in node.children[1:])

        # Walking down: Sphinx moves each page's nodes into the document without updating
        # their parents, so a node is removed from the node that holds it.
        for holder in [self.document, *self.document.findall(nodes.Element)]:
            holder.children = [child for child in holder.children if not unwanted(child)]


#: Listings that are the website's navigation or a second copy of what a document prints: related
#: meetings and previous/next (the book's order is its own), and key-point digests (each key
#: point is printed once, in its meeting; a theme's list of meetings is its overview).
PRINT_LEAVES_OUT = ("related", "prevnext", "digest")


def print_document(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, LaTeX builds only, before listings are filled: listings show only what
    this document holds, and the ones in `PRINT_LEAVES_OUT` are left out; the anchors of speaker
    cards and key points become LaTeX labels; paragraph classes reach LaTeX as styles."""
    if app.builder.format != "latex":
        return
    held = app.builder.docnames
    cat = listings.catalogue(app.env)
    for holder, node, page in list(listings_in(doctree, docname)):
        spec = node["spec"]
        if spec["kind"] in PRINT_LEAVES_OUT:
            holder.remove(node)
            continue
        rows = [row for row in listings.ROWS[spec["kind"]](cat, page, spec) if row[0] in held]
        holder.replace(node, listings.render(app.builder, docname, spec, rows))
    line_length = LINE_LENGTH.get(app.config.handbook_paper, LINE_LENGTH["a4"])
    pages = list(doctree.findall(addnodes.start_of_file))
    for start in pages:
        kind = model.page_kind(start["docname"])
        # A meeting or essay starts a page of its own, unless it opens its chapter.
        if kind in ("meeting", "essay") and not opens_chapter(start):
            start.parent.insert(start.parent.index(start), latex("\\clearpage"))
        # The works cited follow the last page on its sheet (handbook.sty): they count among its
        # last lines.
        keep_last_lines(start, line_length, works_cited_lines(doctree, line_length) if start is pages[-1] else 0)
    if pages and works_cited_lines(doctree, line_length):
        pages[-1].insert(0, latex(f"\\handbookworksfollow{{{works_cited_lines(doctree, line_length)}}}"))
    for node in list(doctree.findall(nodes.Element)):
        classes = node.get("classes", [])
        if node["ids"] and {"handbook-speaker", "handbook-keypoint"} & set(classes):
            # The LaTeX writer labels targets, not containers or list items; the label goes at
            # the start of the first line, so that it starts no line of its own.
            target = nodes.target("", "", ids=node["ids"])
            node["ids"] = []
            next(iter(node.findall(nodes.paragraph)), node).insert(0, target)
        if isinstance(node, nodes.paragraph):
            break_long_words(node)
            page_references_after_words(node)
        if isinstance(node, nodes.paragraph) and any(cls.startswith("handbook-") for cls in classes):
            node.children = [nodes.inline("", "", *node.children, classes=classes)]
            for child in node.children:
                child.parent = node


#: Characters in a line of text on each paper, counted generously (a line in a list or a box holds
#: fewer), so that the lines a page's last blocks take are never overestimated.
LINE_LENGTH = {"a4": 95, "a5": 75, "letter": 100}
#: No page holds fewer lines than this of a page of the notes (a meeting, a cell's introduction):
#: its last lines stay with the lines before them.
LAST_LINES = 4
#: What a page of the notes is made of, as the lines it takes are counted.
BLOCKS = (nodes.paragraph, nodes.title, nodes.rubric, nodes.literal_block, nodes.line_block, nodes.math_block,
          nodes.table, nodes.figure, nodes.image)


def keep_last_lines(page: addnodes.start_of_file, line_length: int, works_cited: int = 0) -> None:
    """A page of the notes ends with at least `LAST_LINES` lines on its last sheet: each of its
    last blocks that, with the blocks after it, would take fewer lines is kept with the block before
    it (`\\handbookkeepwithnext` after that block, in handbook.sty). A long block may still break
    inside, since no page starts with a paragraph's last three lines. The works cited that follow
    the document's last page (`works_cited` lines) are kept with its last lines in the same way;
    their heading ends the keeping, as a heading does, where `\\handbookkeepend` ends it after any
    other page."""
    blocks = list(blocks_of(page))
    if not blocks:
        return
    before_each = blocks[:-1] + blocks[-1:] * bool(works_cited)
    sizes = [estimated_lines(block, line_length) for block in blocks[1:]] + [works_cited] * bool(works_cited)
    lines = 0
    for before, size in zip(reversed(before_each), reversed(sizes)):
        lines += size
        if lines >= LAST_LINES:
            break
        before.parent.insert(before.parent.index(before) + 1, latex("\\handbookkeepwithnext"))
    if not works_cited:
        blocks[-1].parent.insert(blocks[-1].parent.index(blocks[-1]) + 1, latex("\\handbookkeepend"))


def works_cited_lines(document: nodes.document, line_length: int) -> int:
    """The lines of a document's list of works: its heading's and its works' (0 without one)."""
    works = [citation for holder in document.findall(thebibliography) for citation in holder.children]
    return 1 + sum(estimated_lines(work, line_length) for work in works) if works else 0


def blocks_of(node: nodes.Element):
    """The blocks of a page in reading order, without the pages it holds (a cell's meetings)."""
    for child in node.children:
        if isinstance(child, BLOCKS):
            yield child
        elif isinstance(child, nodes.Element) and not isinstance(child, addnodes.start_of_file):
            yield from blocks_of(child)


def estimated_lines(block: nodes.Element, line_length: int) -> int:
    """The lines of text a block takes at least: a table's rows, a literal block's lines, a
    paragraph's or a heading's words in lines of `line_length` characters."""
    if isinstance(block, nodes.table):
        return len(list(block.findall(nodes.row)))
    if isinstance(block, (nodes.figure, nodes.image)):
        return LAST_LINES
    if isinstance(block, (nodes.literal_block, nodes.line_block, nodes.math_block)):
        lines = block.astext().splitlines() or [""]
    else:
        lines = [" ".join(block.astext().split())]
    return sum(max(1, -(-len(line) // line_length)) for line in lines)


#: A run of this many characters without a space (an address, a file name) may break inside: a
#: line of A5 holds about 60. Shorter runs ("Disagreements…Individualism….It") fit on a line and
#: stay whole, so that the PDF's text reads as the note's.
LONG_WORD = re.compile(r"\S{40,}")
#: Inline code is set in a wider type and is often one long name: a run of 20 characters in it may
#: break (`a_setting_of_the_build`), where text would keep it whole.
LONG_CODE = re.compile(r"\S{20,}")
#: Where such a run breaks: after a separator, before a capital that follows a small letter, or
#: after every 16 characters of anything else.
BREAK_AFTER = re.compile(r"[/.\-_?&=#:,;]+|(?<=[a-z])(?=[A-Z])|[^/.\-_?&=#:,;]{16}")


def break_long_words(paragraph: nodes.paragraph) -> None:
    """Let every long run of characters in the paragraph's text and inline code break at the end
    of a line (text is never hyphenated, so TeX would otherwise set it past the margin). The text is
    unchanged: only break points (`\\allowbreak`) go between its pieces."""
    for text in list(paragraph.findall(nodes.Text)):
        long = LONG_CODE if isinstance(text.parent, nodes.literal) else LONG_WORD
        if isinstance(text.parent, nodes.raw) or not long.search(text):
            continue
        pieces: list[nodes.Node] = []
        start = 0
        for word in long.finditer(text):
            cuts = sorted({cut.end() for cut in BREAK_AFTER.finditer(word.group())} - {0, len(word.group())})
            for cut in cuts:
                end = word.start() + cut
                pieces += [nodes.Text(text[start:end]), nodes.raw("", "\\allowbreak{}", format="latex")]
                start = end
        pieces.append(nodes.Text(text[start:]))
        text.parent.replace(text, pieces)


#: The rest of a word that text right after a reference starts: "'s", "’s", "2", "s".
WORD_GOES_ON = re.compile(r"^[\w'’]+")


def page_references_after_words(paragraph: nodes.paragraph) -> None:
    """A reference to a page of the document is followed by its page, "(p. 8)": when the text
    right after it runs on into a word ("{meeting}`slug`'s conclusions"), the rest of that word
    goes into the reference, so that "(p. 8)" follows the whole word, never stands inside it."""
    for ref in list(paragraph.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if not (ref.get("refid") or uri.startswith(("#", "%"))):
            continue  # another site: no page number
        holder = ref.parent
        index = holder.index(ref)
        after = holder[index + 1] if index + 1 < len(holder) else None
        found = WORD_GOES_ON.match(after) if isinstance(after, nodes.Text) else None
        if found:
            ref += nodes.Text(found.group())
            holder.replace(after, nodes.Text(after[found.end():]))


def latex(text: str) -> nodes.raw:
    """LaTeX the handbook writes itself; nothing an editor typed ever reaches one."""
    return nodes.raw("", text + "\n", format="latex")


def opens_chapter(node: nodes.Node) -> bool:
    """Whether nothing but its chapter's title comes before this node."""
    while not isinstance(node.parent, nodes.section):
        if node.parent.index(node):
            return False
        node = node.parent
    return node.parent.index(node) == 1 and isinstance(node.parent[0], nodes.title)


def listings_in(node: nodes.Element, page: str):
    """(node holding it, listing, the page it comes from) of an assembled document. Found walking
    down: Sphinx moves each page's nodes into the document without updating their parents."""
    for child in node.children:
        if isinstance(child, listings.listing):
            yield node, child, page
        elif isinstance(child, nodes.Element):
            yield from listings_in(child, child["docname"] if isinstance(child, addnodes.start_of_file) else page)


# --- the index of people --------------------------------------------------------------------------


class PeopleIndex(Index):
    """Everyone who spoke, with the meetings where they speak: in print, one line per meeting
    with its page (handbook.sty sets the name once); in HTML, the meetings under each name."""

    name = "people"
    localname = "Index of people"
    shortname = "people"

    def generate(self, docnames=None) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain = self.domain
        titles = {slug: entry[2] for slug, entry in domain.index["person"].items()}
        families = {slug: person.family for slug, person in domain.tree.registry.items()}
        spoke: dict[str, list[tuple[str, dict, dict]]] = defaultdict(list)
        for docname, page in domain.meetings():
            if docnames is None or docname in docnames:
                for speaker in page["speakers"]:
                    spoke[speaker["person"]].append((docname, page, speaker))
        content: dict[str, list[IndexEntry]] = defaultdict(list)
        for slug, found in sorted(spoke.items(), key=lambda item: (
                names.sort_key(titles.get(item[0]) or item[1][0][2]["name"], families.get(item[0], "")), item[0])):
            name = titles.get(slug) or found[0][2]["name"]
            letter = names.index_letter(name, families.get(slug, ""))
            found.sort(key=lambda item: (item[1]["title"].casefold(), item[0]))
            if docnames is None:
                person = domain.index["person"].get(slug, ("", "", ""))[0]
                content[letter].append(IndexEntry(name, 1, person, "", "", "", ""))
                content[letter] += [IndexEntry(page["title"], 2, doc, speaker["anchor"], said(speaker), "", "")
                                    for doc, page, speaker in found]
            else:
                content[letter] += [IndexEntry(name, 0, doc, speaker["anchor"], page["title"], "", "")
                                    for doc, page, speaker in found]
        return list(content.items()), False  # letters in the order of their people


def said(speaker: dict) -> str:
    """How the note names and describes a speaker at one meeting."""
    return ", ".join(part for part in (speaker["name"], speaker["role"], speaker["org"]) if part)


# --- the guides on the website -----------------------------------------------------------------


def printed(app: Sphinx) -> Path:
    """Where the PDFs are: `handbook_pdf_dir`, from the project's folder."""
    return Path(app.confdir, app.config.handbook_pdf_dir)


def link_guide(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, HTML builds: a theme's page links to its printed guide, and the page of
    each facet (theme, cell, person, year) to each guide of `handbook_guides` that selects it
    (copied into the site's `guides/` by `publish_guides`); with no guide printed, no link that
    would not work."""
    kind = model.page_kind(docname)
    if app.builder.format != "html" or kind not in FACETS:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    slug = model.cell_of(docname) if kind == "cell" else docname.rsplit("/", 1)[-1]
    printed = handbook_domain(app.env).recall("printed", [])
    links = []
    if kind == "theme" and f"guide-{slug}" in printed:
        links.append(("A printable guide to this theme: ", f"guide-{slug}", section[0].astext()))
    for declared in app.config.handbook_guides:
        if isinstance(declared, dict) and str(declared.get(kind)) == slug and f"guide-{declared.get('name')}" in printed:
            links.append(("A printable guide: ", f"guide-{declared['name']}", str(declared.get("title") or declared["name"])))
    first_listing = next(iter(section.findall(listings.listing)), None)
    for words, name, title in links:
        uri = relative_uri(app.builder.get_target_uri(docname), f"{FOLDER}/{name}.pdf")
        paragraph = nodes.paragraph("", "", classes=["handbook-guide-link"])
        paragraph += nodes.Text(words)
        paragraph += nodes.reference("", f"{title} (PDF)", refuri=uri)
        if first_listing is not None and first_listing.parent is section:
            section.insert(section.index(first_listing), paragraph)
        else:
            section += paragraph


def publish_guides(app: Sphinx, exception: Exception | None) -> None:
    """build-finished, HTML builds: the printed handbook and guides go into the site's `guides/`."""
    if exception or app.builder.format != "html":
        return
    for pdf in printed(app).glob("*.pdf"):
        published = Path(app.outdir, FOLDER, pdf.name)
        if not published.exists() or published.stat().st_mtime < pdf.stat().st_mtime:
            published.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(pdf, published)
