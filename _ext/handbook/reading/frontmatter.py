"""Each page's identity and front matter into the domain, and the meeting header a reader sees.

MyST turns front matter into text fields at line 0, so the YAML is read again from the source
file: that is what lets a warning point at the line an editor has to fix.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from handbook import diagnostics
from handbook.checking import checks
from handbook.content import fields, layout
from handbook.domain import handbook_domain
from handbook.reading import sources


def collect_page(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: note the page in the domain; give a meeting its header block."""
    env = app.env
    docname = env.docname
    kind = layout.page_kind(docname)
    title = next(iter(doctree.findall(nodes.title)), None)
    facts: dict[str, Any] = {"kind": kind, "title": title.astext() if title else docname}
    if kind == "cell":
        facts["slug"] = layout.cell_of(docname)
    elif kind in ("theme", "essay", "person", "year"):
        facts["slug"] = docname.rsplit("/", 1)[-1]
    elif kind == "meeting":
        facts["slug"] = layout.meeting_slug(docname)
        facts["cell"] = layout.cell_of(docname)
        # Meetings are reached through listings, not the navigation tree, so that no page
        # renders the whole archive's table of contents.
        env.metadata[docname]["orphan"] = True
    # The file's own mistakes (bytes, control characters) were reported as Sphinx read it.
    text = sources.page_text(env, docname)
    data, lines, problems = fields.read_mapping(text)
    if kind == "meeting":
        meta, found = fields.validate_meeting(data, lines, handbook_domain(env).tree.themes)
        problems += found
        # A question that is the title word for word is said once, as the title: not again under
        # it, nor on the meeting's card, whose summary is then the note's opening words.
        if same_words(meta.question, facts["title"]):
            meta = dataclasses.replace(meta, question="")
        facts.update(
            date=str(meta.date) if meta.date else "",
            themes=meta.themes,
            question=meta.question,
            format=meta.format,
            summary=meta.question or first_paragraph(doctree),
        )
        if facts["summary"]:
            # Link previews (sphinxext-opengraph) read `og:` fields from the page's metadata.
            env.metadata[docname]["og:description"] = facts["summary"]
        if title is not None:
            cell_known = facts["cell"] in handbook_domain(env).tree.cells
            title.parent.insert(title.parent.index(title) + 1, meeting_header(facts, meta, cell_known))
    elif kind in ("cell", "theme"):
        # What the cards of cells and themes show: the page's opening words, and for a cell the
        # people its page names as thought leaders.
        facts["summary"] = first_paragraph(doctree)
        if kind == "cell":
            facts["leaders"] = thought_leaders(doctree)
    elif kind == "essay":
        problems += checks.essay_problems(data, lines)
        facts["meeting"] = str(data.get("meeting", ""))
    elif kind in ("page", "theme") and checks.looks_like_note(docname, text):
        # A note saved outside its cell is reported once (sources.py), not again as outside the toctree.
        env.metadata[docname]["orphan"] = True
    for problem in problems:
        diagnostics.warn(problem.message, problem.subtype, (docname, problem.line))
    handbook_domain(env).note_page(docname, **facts)


def thought_leaders(doctree: nodes.document) -> list[str]:
    """Slugs of the people a cell's page links to in a paragraph that calls someone its
    "thought leader", in the order the page names them."""
    found: list[str] = []
    for paragraph in doctree.findall(nodes.paragraph):
        if "thought leader" in paragraph.astext().casefold():
            found += [
                ref["reftarget"]
                for ref in paragraph.findall(addnodes.pending_xref)
                if ref.get("refdomain") == "handbook" and ref.get("reftype") == "person"
            ]
    return list(dict.fromkeys(found))


def first_paragraph(doctree: nodes.document) -> str:
    """The note's opening words, for feeds and link previews; never a speaker card's label."""
    for paragraph in doctree.findall(nodes.paragraph):
        if not any(cls.startswith("handbook-speaker-") for cls in paragraph["classes"]):
            return paragraph.astext()
    return ""


def xref(reftype: str, target: str, text: str, classes: list[str], explicit: bool = True) -> addnodes.pending_xref:
    """A reference resolved by the domain; not explicit means "show the target's title"."""
    ref = addnodes.pending_xref("", refdomain="handbook", reftype=reftype, reftarget=target, refexplicit=explicit)
    ref += nodes.inline(text, text, classes=classes)
    return ref


def theme_badge(theme: str, title: str) -> addnodes.pending_xref:
    """A sphinx-design badge that links to the theme's page."""
    return xref("theme", theme, title, ["sd-sphinx-override", "sd-badge", "sd-bg-primary", "sd-bg-text-primary"], False)


def same_words(first: str, second: str) -> bool:
    """Whether two texts say the same words, whatever their case, spacing and final stop."""

    def words(text: str) -> str:
        return " ".join(text.split()).casefold().rstrip("?.!:; ")

    return bool(first) and words(first) == words(second)


def meeting_header(facts: dict, meta: fields.FrontMatter, cell_known: bool = True) -> nodes.container:
    """Date, format and cell; the question; theme badges: what a reader checks first. A cell
    with no page (reported once, in sources.py) is named, not linked."""
    header = nodes.container(classes=["handbook-meeting-header"])
    line = nodes.paragraph(classes=["handbook-meeting-facts"])
    parts: list[nodes.Node] = []
    if meta.date:
        parts.append(nodes.inline(meta.date.display(), meta.date.display(), classes=["handbook-date"]))
    if meta.format:
        parts.append(nodes.inline(meta.format, meta.format, classes=["handbook-format"]))
    if cell_known:
        parts.append(xref("cell", facts["cell"], facts["cell"], ["handbook-cell"], False))
    else:
        parts.append(nodes.inline(facts["cell"], facts["cell"], classes=["handbook-cell"]))
    for position, part in enumerate(parts):
        if position:
            line += nodes.inline(" · ", " · ", classes=["handbook-separator"])
        line += part
    header += line
    if meta.question:
        header += nodes.paragraph(meta.question, meta.question, classes=["handbook-question"])
    if meta.themes:
        badges = nodes.paragraph(classes=["handbook-themes"])
        for position, theme in enumerate(meta.themes):
            if position:
                badges += nodes.Text(" ")
            badges += theme_badge(theme, theme.replace("-", " ").capitalize())
        header += badges
    return header
