"""What a reader can take away from the website: the printed handbook and guides, and the feeds.

The home page lists every PDF printed (`make pdf` publishes them in the site's `guides/`, see
pdf.py), the cells' pages link the printed handbook, and the home, cell and theme pages show a
link to their feed. With no PDF printed, no link that would not work.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from handbook.content import model
from handbook.domain import handbook_domain
from handbook.html.feeds import feed_path, has_feed
from handbook.latex.pdf import FACETS, FOLDER, printed
from handbook.listings import catalogue

HANDBOOK = "handbook"


def downloads(env: BuildEnvironment) -> list[str]:
    """Names (without .pdf) of the printed documents the site publishes: the handbook first,
    then the guides by name."""
    names = handbook_domain(env).recall("printed", [])
    return sorted(names, key=lambda name: (name != HANDBOOK, name))


def relink_printed(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """env-get-outdated, HTML builds: the printed documents are linked from the home page and the
    cells' pages (the handbook) and from each facet's page (its guides, pdf.link_guide), so when
    the PDFs change, those pages are written again."""
    if app.builder.format != "html":
        return []
    names = sorted(path.stem for path in printed(app).glob("*.pdf"))
    if handbook_domain(env).remember("printed", names) == names:
        return []
    return sorted(docname for docname in env.found_docs
                  if linking(docname, app.config.root_doc) or model.page_kind(docname) in FACETS)


def linking(docname: str, root_doc: str) -> bool:
    return docname in (root_doc, "cells/index") or model.page_kind(docname) == "cell"


def add_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, HTML builds: the downloads and the feed link of the home, cell and theme pages."""
    if app.builder.format != "html":
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    here = app.builder.get_target_uri(docname)
    kind = model.page_kind(docname)
    names = downloads(app.env)
    titles = handbook_domain(app.env).index["theme"]
    if docname == app.config.root_doc and names:
        section += nodes.rubric("Printed handbook and guides", "Printed handbook and guides",
                                classes=["handbook-listing-heading"])
        items = nodes.bullet_list(classes=["handbook-downloads"])
        for name in names:
            theme = name.removeprefix("guide-")
            label = ("The handbook: every cell and meeting, the themes, essays and people" if name == HANDBOOK
                     else f"Guide: {titles[theme][2] if theme in titles else theme}")
            paragraph = nodes.paragraph()
            paragraph += nodes.reference("", f"{label} (PDF)", refuri=relative_uri(here, f"{FOLDER}/{name}.pdf"))
            items += nodes.list_item("", paragraph)
        section += items
    elif linking(docname, app.config.root_doc) and HANDBOOK in names:
        paragraph = nodes.paragraph("", "", classes=["handbook-guide-link"])
        paragraph += nodes.Text("In print: ")
        paragraph += nodes.reference("", "the handbook (PDF)", refuri=relative_uri(here, f"{FOLDER}/{HANDBOOK}.pdf"))
        section += paragraph
    slug = docname.split("/")[-2] if kind == "cell" else docname.rsplit("/", 1)[-1]
    if docname == app.config.root_doc or (kind in ("cell", "theme") and has_feed(catalogue(app.env), kind, slug)):
        path = feed_path(kind, slug) if kind in ("cell", "theme") else feed_path("all")
        what = "this cell's" if kind == "cell" else "this theme's" if kind == "theme" else "all"
        paragraph = nodes.paragraph("", "", classes=["handbook-feed-link"])
        paragraph += nodes.Text("Follow new meetings: ")
        paragraph += nodes.reference("", f"feed of {what} meetings (Atom)", refuri=relative_uri(here, path))
        section += paragraph
