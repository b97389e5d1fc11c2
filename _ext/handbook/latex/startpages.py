"""The start pages of the printed documents, written before reading.

Sphinx assembles a LaTeX document from its start page's toctree, which is fixed when the page is
read, while listings are filled only after every page is read. So the start pages are written
before reading, from what `content` reads without Sphinx: `guides/handbook.md` and
`guides/guide-<name>.md` (ignored by git, like `people/`). They exist for LaTeX builds only:
every other builder leaves `guides/` out, so no meeting gains a parent in the website's
navigation, and the handbook's cells get the toctree of their meetings in the LaTeX build alone."""

from __future__ import annotations

import logging as py_logging
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config

from handbook import diagnostics
from handbook.content import layout, names
from handbook.domain import handbook_domain
from handbook.latex.selections import (
    Archive,
    no_meeting,
    parse_selection,
    repeated_declaration,
    selection_heading,
    selection_name,
    selection_problem,
)
from handbook.latex.settings import FOLDER, HANDBOOK
from handbook.latex.typeset import DECLARED_NOT_PRINTED
from handbook.reading.pages import escape_title, sync_folder


def toctree(docnames: list[str], maxdepth: int = 0) -> str:
    options = f":maxdepth: {maxdepth}\n" if maxdepth else ""
    return ":::{toctree}\n" + options + "\n" + "".join(f"/{doc}\n" for doc in docnames) + ":::\n"


FRONT = "---\norphan: true\n---\n"


# Each printed document lists the works its own pages cite (see LinksInPrint and WorksInPrint).
BIBLIOGRAPHY = ":::{bibliography}\n:::\n"


def guide_page(selection: dict[str, str], heading: str, archive: Archive, bibliography: bool) -> str:
    """A selection's meetings grouped by cell (after its theme's introduction, for a theme), and
    the works they cite."""
    notes = [note for note in archive.notes if note.matches(selection)]
    parts = [FRONT, f"# {heading}\n"]
    if "theme" in selection:
        parts.append(toctree([f"themes/{selection['theme']}"], maxdepth=2))
    for cell in sorted({note.cell for note in notes}):
        parts += [
            f"## {archive.cells.get(cell) or escape_title(cell)}\n",
            toctree(archive.with_essays([note for note in notes if note.cell == cell])),
        ]
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


def one_parent_filter(record: py_logging.LogRecord) -> bool:
    return "referenced in multiple toctrees" not in str(record.msg)


def write_start_pages(app: Sphinx) -> None:
    """builder-inited, LaTeX builds only: the start page of the handbook and of every guide."""
    if app.builder.format != "latex":
        return
    config, srcdir = app.config, Path(app.srcdir)
    config.exclude_patterns = [pattern for pattern in config.exclude_patterns if pattern != FOLDER]
    # Each printed document holds its meetings: a meeting is in the toctree of the handbook and of
    # each of its guides by design, which Sphinx would report for every one on every build.
    py_logging.getLogger("sphinx.sphinx.environment").addFilter(one_parent_filter)
    bibliography = "sphinxcontrib.bibtex" in app.extensions
    if bibliography:
        # Every printed document carries its own copy of the works it cites.
        config.suppress_warnings = [*config.suppress_warnings, "bibtex.duplicate_citation"]
    archive = Archive.read(srcdir)
    pages = {HANDBOOK: handbook_page(config.project, archive, srcdir, bibliography)}
    selections = {f"guide-{theme}": ({"theme": theme}, "") for theme in archive.themes}
    found, not_printed = guides(config, Path(app.confdir), archive, dict(selections))
    for name, selection, title in found:
        selections[name] = (selection, title)
    # `python -m handbook typeset` names them among the documents not printed, and exits 1.
    Path(app.outdir).mkdir(parents=True, exist_ok=True)
    (Path(app.outdir) / DECLARED_NOT_PRINTED).write_text("".join(f"{line}\n" for line in not_printed), encoding="utf-8")
    for name, (selection, title) in selections.items():
        pages[name] = guide_page(
            selection, escape_title(title) if title else selection_heading(selection, archive), archive, bibliography
        )
    domain = handbook_domain(app.env)
    domain.remember("selections", selections)
    sync_folder(srcdir / FOLDER, pages)
    domain.remember(
        "cell_meetings", {cell: [note.docname for note in archive.notes if note.cell == cell] for cell in archive.cells}
    )


def declared_at(confdir: Path, name: str, occurrence: int = 0) -> str:
    """`conf.py:LINE`, the line that declares this guide (the `occurrence`th declaration naming it)."""
    path = confdir / "conf.py"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    naming = [number for number, text in enumerate(lines, 1) if repr(name)[1:-1] in text and "name" in text]
    return f"{path}:{naming[min(occurrence, len(naming) - 1)] if naming else 1}"


def guides(
    config: Config, confdir: Path, archive: Archive, taken: dict[str, tuple[dict[str, str], str]]
) -> tuple[list[tuple[str, dict[str, str], str]], list[str]]:
    """(name, selection, title) of the guides an editor declared (`handbook_guides`) and of the one
    `make guide` asks for (`handbook_select`), and a line per declared guide not printed. A
    declaration that selects nothing, whose name another document has (`taken`: the themes'
    guides) or that repeats another's name or selection is a warning at its line of conf.py: a
    document of the same name would print over the other, one of the same selection would be a
    second copy of it."""
    found, not_printed = [], []
    for index, declared in enumerate(config.handbook_guides):
        repeated = repeated_declaration(config.handbook_guides, index)
        declared = dict(declared) if isinstance(declared, dict) else {}
        name, title = str(declared.pop("name", "")), str(declared.pop("title", ""))
        try:
            selection = parse_selection(",".join(f"{facet}={value}" for facet, value in declared.items()))
            problem = selection_problem(selection, archive)
        except ValueError as error:
            selection, problem = {}, str(error)
        if not name or names.slugify(name) != name:
            problem = f"its name {name!r} is not a slug (lowercase words joined by hyphens)"
        elif not problem:
            problem = repeated or no_meeting(selection, archive)
        if not problem and f"guide-{name}" in taken:
            problem = f"guide-{name}.pdf is the name of another guide: give it another name"
        if problem:
            earlier = sum(
                1
                for other in config.handbook_guides[:index]
                if isinstance(other, dict) and str(other.get("name", "")) == name
            )
            location = declared_at(confdir, name, earlier)
            diagnostics.warn(f"handbook_guides: the guide {name!r} is not printed: {problem}", "guide", location)
            not_printed.append(f"the guide {name!r} declared at {location}: {problem}")
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
    return found, not_printed


def cell_meetings(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read, LaTeX builds only: in the handbook, a cell's chapter holds its meetings.
    (Essays tied to a meeting are in the essays' chapter instead.)"""
    env = app.env
    if app.builder.format != "latex" or layout.page_kind(env.docname) != "cell":
        return
    meetings = handbook_domain(env).recall("cell_meetings", {}).get(layout.cell_of(env.docname), [])
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not meetings:
        return
    tree = addnodes.toctree(
        parent=env.docname,
        entries=[(None, doc) for doc in meetings],
        includefiles=meetings,
        maxdepth=-1,
        caption=None,
        glob=False,
        hidden=True,
        includehidden=False,
        numbered=0,
        titlesonly=False,
    )
    section += nodes.compound("", tree, classes=["toctree-wrapper"])
