"""The printed documents and their covers, once every page is read."""

from __future__ import annotations

import contextlib
import logging as py_logging
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.texescape import escape as tex_escape

from handbook.content.dates import PartialDate
from handbook.domain import handbook_domain
from handbook.latex.selections import paper_suffix, parse_selection, selection_name
from handbook.latex.settings import FOLDER, HANDBOOK, PAPERS
from handbook.listings.catalogue import Catalogue, catalogue
from handbook.reading.pages import write_if_changed


def date_range(cat: Catalogue, docnames: list[str]) -> str:
    """ "February 2022 – May 2023": the first and last dates as the notes state them."""
    dates = sorted(
        (PartialDate.parse(cat.pages[doc].date) for doc in docnames if cat.pages[doc].date), key=PartialDate.sort_key
    )
    if not dates:
        return ""
    first, last = dates[0].display(), dates[-1].display()
    return first if first == last else f"{first} – {last}"


def cover(title: str, kind: str, dates: str, count: int, undated: int) -> str:
    """The cover's words for handbook.sty, each escaped for LaTeX."""
    meetings = f"{count} meeting" + ("" if count == 1 else "s") + (f" ({undated} undated)" if undated else "")
    values = {"title": title, "kind": kind, "dates": dates, "count": meetings}
    return "".join(
        f"\\renewcommand\\handbookcover{key}{{{tex_escape(value, 'xelatex')}}}\n" for key, value in values.items()
    )


def no_documents_filter(record: py_logging.LogRecord) -> bool:
    return "latex_documents" not in str(record.msg)


def documents(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated, LaTeX builds only: one document per start page, titled from what was read,
    and its cover (title, the network's name, the date range of its meetings)."""
    if app.builder.format != "latex":
        return []
    cat = catalogue(env)
    network = app.config.author or app.config.project
    suffix = paper_suffix(app.config.handbook_paper)
    entries = []
    for page in sorted((Path(app.srcdir) / FOLDER).glob("*.md")):
        if page.stem == HANDBOOK:
            title, kind, meetings = app.config.project, f"The notes of {network}", cat.newest_first
        else:
            selection, title = handbook_domain(env).recall("selections")[page.stem]
            title = title or " · ".join(
                cat.titles[facet].get(value, value) if facet in cat.titles else value
                for facet, value in selection.items()
            )
            kind, meetings = f"A guide to the notes of {network}", cat.meetings(selection)
        # On other paper than A4 a document has a name of its own (`guide-health-a5`), so that it
        # never replaces the A4 one the website publishes.
        entries.append(
            (
                f"{FOLDER}/{page.stem}",
                f"{page.stem}{suffix}.tex",
                tex_escape(title, "xelatex"),
                tex_escape(network, "xelatex"),
                "manual",
            )
        )
        undated = sum(1 for doc in meetings if not cat.pages[doc].date)
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
