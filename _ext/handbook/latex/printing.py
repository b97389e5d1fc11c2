"""The assembled document, as print changes it at `doctree-resolved`.

In print, a document holds only its own pages: a listing shows only what is in it, and the
listings that are the website's navigation are left out. Where pages break
(`latex.pagebreaks`) and what fits a line (`latex.lines`) are set here too; links and citations
are the post-transforms' (`latex.references`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import thebibliography

from handbook.content import layout
from handbook.latex.lines import break_long_words, fit_wide_table, page_references_after_words
from handbook.latex.pagebreaks import (
    LINE_LENGTH,
    keep_last_lines,
    keep_last_works,
    latex,
    opens_chapter,
    works_cited_lines,
)
from handbook.listings.catalogue import catalogue
from handbook.listings.kinds import KINDS, listing

if TYPE_CHECKING:
    from sphinx.builders.latex import LaTeXBuilder


def print_document(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, LaTeX builds only, before listings are filled: listings show only what
    this document holds, and the kinds not `printed` (`listings.kinds.ListingKind`) are left out;
    the anchors of speaker cards and key points become LaTeX labels; paragraph classes reach LaTeX
    as styles."""
    if app.builder.format != "latex":
        return
    held = cast("LaTeXBuilder", app.builder).docnames
    cat = catalogue(app.env)
    for holder, node, page in list(listings_in(doctree, docname)):
        spec = node["spec"]
        listed = KINDS[spec["kind"]]
        if not listed.printed:
            holder.remove(node)
            continue
        rows = [row for row in listed.rows(cat, page, spec) if row.docname in held]
        holder.replace(node, listed.draw(app.builder, docname, spec, rows))
    line_length = LINE_LENGTH.get(app.config.handbook_paper, LINE_LENGTH["a4"])
    pages = list(doctree.findall(addnodes.start_of_file))
    for start in pages:
        kind = layout.page_kind(start["docname"])
        # A meeting or essay starts a page of its own, unless it opens its chapter, or follows a
        # short introduction to it (a heading and a few lines alone would nearly empty a page).
        if kind in ("meeting", "essay") and not opens_chapter(start, line_length):
            start.parent.insert(start.parent.index(start), latex("\\clearpage"))
        # The works cited follow the last page on its sheet (handbook.sty): they count among its
        # last lines.
        keep_last_lines(start, line_length, works_cited_lines(doctree, line_length) if start is pages[-1] else 0)
    for works in doctree.findall(thebibliography):
        keep_last_works(works, line_length)
    if pages and works_cited_lines(doctree, line_length):
        pages[-1].insert(0, latex(f"\\handbookworksfollow{{{works_cited_lines(doctree, line_length)}}}"))
    for node in list(doctree.findall(nodes.Element)):
        classes: list[str] = node.get("classes", [])
        if node["ids"] and {"handbook-speaker", "handbook-keypoint"} & set(classes):
            # The LaTeX writer labels targets, not containers or list items; the label goes at
            # the start of the first line, so that it starts no line of its own.
            target = nodes.target("", "", ids=node["ids"])
            node["ids"] = []
            next(iter(node.findall(nodes.paragraph)), node).insert(0, target)
        if isinstance(node, nodes.table):
            fit_wide_table(node, line_length)
        if isinstance(node, nodes.paragraph):
            break_long_words(node)
            page_references_after_words(node)
        if isinstance(node, nodes.paragraph) and any(cls.startswith("handbook-") for cls in classes):
            node.children = [nodes.inline("", "", *node.children, classes=classes)]
            for child in node.children:
                child.parent = node


def listings_in(node: nodes.Element, page: str):
    """(node holding it, listing, the page it comes from) of an assembled document. Found walking
    down: Sphinx moves each page's nodes into the document without updating their parents."""
    for child in node.children:
        if isinstance(child, listing):
            yield node, child, page
        elif isinstance(child, nodes.Element):
            yield from listings_in(child, child["docname"] if isinstance(child, addnodes.start_of_file) else page)
