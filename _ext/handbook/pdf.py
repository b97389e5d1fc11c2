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

from . import fonts, listings, model, names
from .pages import escape_title, sync_folder, write_if_changed

FOLDER = "guides"
HANDBOOK = "handbook"
STYLE = Path(__file__).parent / "latex" / "handbook.sty"

LATEX_ELEMENTS = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    # Read on screen as often as printed: no blank pages to start chapters on the right.
    "extraclassoptions": "openany,oneside",
    # Noto for the text, a font of its own for each other script (fonts.py).
    "fontpkg": fonts.latex_setup(),
    "fncychap": "",
    "maketitle": "\\handbookcover",
    # The index of people is a domain index; there is no general index.
    "makeindex": "",
    "printindex": "",
}


def print_settings(app: Sphinx, config: Config) -> None:
    """config-inited: xelatex (for the notes' characters), page numbers after references, the
    index of people, the handbook's style; and `guides/` left out of every build but LaTeX's."""
    config.exclude_patterns = [*config.exclude_patterns, FOLDER]
    config.latex_engine = "xelatex"
    config.latex_show_pagerefs = True
    config.latex_domain_indices = ["handbook-people"]
    config.latex_additional_files = [*config.latex_additional_files, str(STYLE)]
    config.latex_elements = {**LATEX_ELEMENTS, **config.latex_elements}


# --- start pages, written before reading ------------------------------------------------------


@dataclass
class Note:
    """A meeting as the start pages need it."""

    docname: str
    cell: str
    themes: list[str]
    speakers: list[str]


@dataclass
class Archive:
    """What the start pages are written from, read without Sphinx."""

    cells: dict[str, str]  # slug → its `# Title` as written
    themes: dict[str, str]
    notes: list[Note]  # newest first
    essays: dict[str, list[str]]  # meeting slug → essays that hold part of its note
    people: dict[str, model.Person]

    @classmethod
    def read(cls, srcdir: Path) -> Archive:
        def title(path: Path, default: str) -> str:
            return model.page_title(model.read_source(path)[0]) if path.exists() else escape_title(default)

        themes = {slug: title(srcdir / "themes" / f"{slug}.md", slug) for slug in sorted(model.known_themes(srcdir))}
        cells = {slug: title(srcdir / "cells" / slug / "index.md", slug) for slug in sorted(model.known_cells(srcdir))}
        dated, texts = [], []
        for path in model.meeting_sources(srcdir):
            text = model.read_source(path)[0]
            texts.append(text)
            data, lines, _ = model.read_mapping(text)
            meta, _ = model.validate_meeting(data, lines, set(themes))
            docname = path.relative_to(srcdir).with_suffix("").as_posix()
            note = Note(docname, model.cell_of(docname), meta.themes, [slug for slug, _ in model.speakers_of(text)])
            # The listings' order: newest first, then by title and file.
            dated.append(((meta.date.sort_key() if meta.date else (0, 0, 0)), model.page_title(text), docname, note))
        essays = defaultdict(list)
        for path in sorted((srcdir / "essays").glob("*.md")):
            meeting = model.read_mapping(model.read_source(path)[0])[0].get("meeting")
            if meeting:
                essays[str(meeting)].append(path.relative_to(srcdir).with_suffix("").as_posix())
        notes = [entry[-1] for entry in sorted(dated, key=lambda entry: entry[:3], reverse=True)]
        return cls(cells, themes, notes, dict(essays), model.people_of(srcdir, texts))

    def by_family_name(self, slugs) -> list[str]:
        """Person pages in the people listing's order."""
        found = sorted(set(slugs) & set(self.people),
                       key=lambda slug: (names.sort_key(self.people[slug].name, self.people[slug].family), slug))
        return [f"people/{slug}" for slug in found]

    def with_essays(self, notes: list[Note]) -> list[str]:
        """The meetings' pages, each followed by the essays that hold part of its note."""
        return [doc for note in notes for doc in (note.docname, *self.essays.get(model.meeting_slug(note.docname), []))]


def toctree(docnames: list[str], maxdepth: int = 0) -> str:
    options = f":maxdepth: {maxdepth}\n" if maxdepth else ""
    return ":::{toctree}\n" + options + "\n" + "".join(f"/{doc}\n" for doc in docnames) + ":::\n"


FRONT = "---\norphan: true\n---\n"


# Each printed document lists the works its own pages cite (see LinksInPrint and WorksInPrint).
BIBLIOGRAPHY = ":::{bibliography}\n:::\n"


def guide_page(theme: str, archive: Archive, bibliography: bool) -> str:
    """A theme's introduction, its meetings grouped by cell, the people who spoke, its works."""
    notes = [note for note in archive.notes if theme in note.themes]
    parts = [FRONT, f"# {archive.themes[theme]}\n", toctree([f"themes/{theme}"], maxdepth=2)]
    for cell in sorted({note.cell for note in notes}):
        parts += [f"## {archive.cells.get(cell) or escape_title(cell)}\n",
                  toctree(archive.with_essays([note for note in notes if note.cell == cell]))]
    speakers = archive.by_family_name(slug for note in notes for slug in note.speakers)
    if speakers:
        parts += ["## People\n", toctree(speakers)]
    if bibliography:
        parts.append(BIBLIOGRAPHY)
    return "\n".join(parts)


def handbook_page(title: str, archive: Archive, srcdir: Path, bibliography: bool) -> str:
    """Every cell with its meetings, the themes, the essays, everyone who spoke, the works."""
    chapters = [f"cells/{cell}/index" for cell in archive.cells]
    chapters += [doc for doc in ("themes/index", "essays/index") if (srcdir / f"{doc}.md").exists()]
    parts = [FRONT, f"# {escape_title(title)}\n", toctree(chapters, maxdepth=2)]
    if archive.people:
        parts += ["## People\n", toctree(archive.by_family_name(archive.people))]
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
    pages.update({f"guide-{theme}": guide_page(theme, archive, bibliography) for theme in archive.themes})
    sync_folder(srcdir / FOLDER, pages)
    app.env.handbook_cell_meetings = {
        cell: [note.docname for note in archive.notes if note.cell == cell] for cell in archive.cells
    }


def cell_meetings(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read, LaTeX builds only: in the handbook, a cell's chapter holds its meetings.
    (Essays tied to a meeting are in the essays' chapter instead.)"""
    env = app.env
    if app.builder.format != "latex" or model.page_kind(env.docname) != "cell":
        return
    meetings = env.handbook_cell_meetings.get(model.cell_of(env.docname), [])
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


def documents(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated, LaTeX builds only: one document per start page, titled from what was read,
    and its cover (title, the network's name, the date range of its meetings)."""
    if app.builder.format != "latex":
        return []
    cat = listings.catalogue(env)
    network = app.config.author or app.config.project
    entries = []
    for page in sorted((Path(app.srcdir) / FOLDER).glob("*.md")):
        if page.stem == HANDBOOK:
            title, kind, meetings = app.config.project, f"The notes of {network}", cat.newest_first
        else:
            theme = page.stem.removeprefix("guide-")
            title = cat.titles["theme"].get(theme, theme)
            kind, meetings = f"A guide to the notes of {network}", cat.by["theme"].get(theme, [])
        entries.append((f"{FOLDER}/{page.stem}", f"{page.stem}.tex", tex_escape(title, "xelatex"),
                        tex_escape(network, "xelatex"), "manual"))
        undated = sum(1 for doc in meetings if not cat.pages[doc].get("date"))
        text = cover(title, kind, date_range(cat, meetings), len(meetings), undated)
        # not .tex: the LaTeX Makefile builds every .tex
        write_if_changed(Path(app.outdir) / f"{page.stem}.cover", text)
    # `make guide` prints one document (`-D handbook_print=guide-health`): the others are not
    # assembled, which at thousands of notes is most of the LaTeX build.
    chosen = set(app.config.handbook_print)
    app.config.latex_documents = [entry for entry in entries if not chosen or Path(entry[1]).stem in chosen]
    # A theme that is gone takes its guide with it.
    written = {Path(entry[1]).stem for entry in entries}
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
            if found[0] not in held or in_meeting_header(ref):
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


def print_document(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, LaTeX builds only, before listings are filled: listings show only what
    this document holds (previous/next is the book's own order, and in the handbook, where every
    key point is printed in its meeting, a theme's digest is its guide's); the anchors of speaker
    cards and key points become LaTeX labels; paragraph classes reach LaTeX as styles."""
    if app.builder.format != "latex":
        return
    held = app.builder.docnames
    cat = listings.catalogue(app.env)
    for holder, node, page in list(listings_in(doctree, docname)):
        spec = node["spec"]
        if spec["kind"] == "prevnext" or (spec["kind"] == "digest" and docname == f"{FOLDER}/{HANDBOOK}"):
            holder.remove(node)
            continue
        if spec["kind"] == "digest" and "heading" in spec:
            # A theme's generated digest shows the latest meetings on the web; a guide gathers
            # every key point of its theme (a digest an editor wrote keeps its :limit:).
            spec = {**spec, "limit": None}
        rows = [row for row in listings.ROWS[spec["kind"]](cat, page, spec) if row[0] in held]
        holder.replace(node, listings.render(app.builder, docname, spec, rows))
    for start in list(doctree.findall(addnodes.start_of_file)):
        kind = model.page_kind(start["docname"])
        # A meeting or essay starts a page of its own, unless it opens its chapter.
        if kind in ("meeting", "essay") and not opens_chapter(start):
            start.parent.insert(start.parent.index(start), latex("\\clearpage"))
        # The contents list the people's chapter, not everyone in it (the outline does).
        if kind == "person" and start.parent.index(start) == 0:
            start.parent.insert(0, latex("\\addtocontents{toc}{\\protect\\setcounter{tocdepth}{0}}"))
    for node in list(doctree.findall(nodes.Element)):
        classes = node.get("classes", [])
        if node["ids"] and {"handbook-speaker", "handbook-keypoint"} & set(classes):
            # The LaTeX writer labels targets, not containers or list items; the label goes at
            # the start of the first line, so that it starts no line of its own.
            target = nodes.target("", "", ids=node["ids"])
            node["ids"] = []
            next(iter(node.findall(nodes.paragraph)), node).insert(0, target)
        if isinstance(node, nodes.paragraph) and any(cls.startswith("handbook-") for cls in classes):
            node.children = [nodes.inline("", "", *node.children, classes=classes)]
            for child in node.children:
                child.parent = node


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
        families = {slug: person.family for slug, person in domain.env.handbook_tree.registry.items()}
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


def relink_themes(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """env-get-outdated, HTML builds: a theme's page links to its guide once the guide is printed,
    so when the printed guides change, the theme pages are written again."""
    if app.builder.format != "html":
        return []
    guides = sorted(path.stem for path in printed(app).glob("guide-*.pdf"))
    if getattr(env, "handbook_guides", None) == guides:
        return []
    env.handbook_guides = guides
    return sorted(docname for docname in env.found_docs if model.page_kind(docname) == "theme")


def link_guide(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, HTML builds: a theme's page links to its printed guide (copied into the
    site's `guides/` by `publish_guides`); with no guide printed, no link that would not work."""
    theme = docname.rsplit("/", 1)[-1]
    if (app.builder.format != "html" or model.page_kind(docname) != "theme"
            or f"guide-{theme}" not in getattr(app.env, "handbook_guides", [])):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    uri = relative_uri(app.builder.get_target_uri(docname), f"{FOLDER}/guide-{theme}.pdf")
    paragraph = nodes.paragraph("", "", classes=["handbook-guide-link"])
    paragraph += nodes.Text("A printable guide to this theme: ")
    paragraph += nodes.reference("", f"{section[0].astext()} (PDF)", refuri=uri)
    first_listing = next(iter(section.findall(listings.listing)), None)
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
