"""What a reader can take away from the website: the printed handbook and guides, and the feeds.

The home page lists every PDF printed (`make pdf` publishes them in the site's `guides/`, see
latex/typeset.py), the cells' pages link the printed handbook, and the home, cell and theme pages show a
link to their feed. With no PDF printed, no link that would not work.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from handbook.content import layout
from handbook.domain import handbook_domain
from handbook.html.feeds import feed_path, has_feed
from handbook.latex.selections import FACETS, paper_suffix, repeated_declaration
from handbook.latex.settings import FOLDER, HANDBOOK
from handbook.listings.catalogue import catalogue
from handbook.listings.kinds import listing


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
    names = sorted(path.stem for path in published(app))
    if handbook_domain(env).remember("printed", names) == names:
        return []
    return sorted(
        docname
        for docname in env.found_docs
        if linking(docname, app.config.root_doc) or layout.page_kind(docname) in FACETS
    )


def linking(docname: str, root_doc: str) -> bool:
    return docname in (root_doc, "cells/index") or layout.page_kind(docname) == "cell"


def add_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, HTML builds: the downloads and the feed link of the home, cell and theme pages."""
    if app.builder.format != "html":
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    here = app.builder.get_target_uri(docname)
    kind = layout.page_kind(docname)
    names = downloads(app.env)
    titles = handbook_domain(app.env).index["theme"]
    if docname == app.config.root_doc and names:
        section += nodes.rubric(
            "Printed handbook and guides", "Printed handbook and guides", classes=["handbook-listing-heading"]
        )
        items = nodes.bullet_list(classes=["handbook-downloads"])
        for name in names:
            theme = name.removeprefix("guide-")
            label = (
                "The handbook: every cell and meeting, the themes, essays and people"
                if name == HANDBOOK
                else f"Guide: {titles[theme].title if theme in titles else theme}"
            )
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


# --- the printed guides on the website ---------------------------------------------------------


def printed(app: Sphinx) -> Path:
    """Where the PDFs are: `handbook_pdf_dir`, from the project's folder."""
    return Path(app.confdir, app.config.handbook_pdf_dir)


def link_guide(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, HTML builds: a theme's page links to its printed guide, and the page of
    each facet (theme, cell, person, year) to each guide of `handbook_guides` that selects it
    (copied into the site's `guides/` by `publish_guides`); with no guide printed, no link that
    would not work."""
    kind = layout.page_kind(docname)
    if app.builder.format != "html" or kind not in FACETS:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    slug = layout.cell_of(docname) if kind == "cell" else docname.rsplit("/", 1)[-1]
    printed = handbook_domain(app.env).recall("printed", [])
    links = []
    if kind == "theme" and f"guide-{slug}" in printed:
        links.append(("A printable guide to this theme: ", f"guide-{slug}", section[0].astext()))
    for index, declared in enumerate(app.config.handbook_guides):
        # A declaration that repeats another's name or selection is not printed: the PDF of that
        # name is the other's.
        if (
            isinstance(declared, dict)
            and str(declared.get(kind)) == slug
            and f"guide-{declared.get('name')}" in printed
            and not repeated_declaration(app.config.handbook_guides, index)
        ):
            links.append(
                ("A printable guide: ", f"guide-{declared['name']}", str(declared.get("title") or declared["name"]))
            )
    first_listing = next(iter(section.findall(listing)), None)
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
    pdfs = published(app)
    folder = Path(app.outdir, FOLDER)
    for pdf in pdfs:
        copy = folder / pdf.name
        if not copy.exists() or copy.stat().st_mtime < pdf.stat().st_mtime:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy2(pdf, copy)
    # A guide `make guide` printed for a reader (a person's, a year's) is not the site's.
    for stale in set(folder.glob("*.pdf")) - {folder / pdf.name for pdf in pdfs}:
        stale.unlink()


def published(app: Sphinx) -> list[Path]:
    """The PDFs of `handbook_pdf_dir` the site publishes: those `make pdf` prints, on any paper
    (the handbook, each theme's guide, each guide `handbook_guides` declares), not the other
    guides `make guide` printed there."""
    declared = app.config.handbook_guides
    names = {HANDBOOK, *(f"guide-{theme}" for theme in layout.known_themes(Path(app.srcdir)))}
    names |= {
        f"guide-{entry.get('name')}"
        for index, entry in enumerate(declared)
        if isinstance(entry, dict) and not repeated_declaration(declared, index)
    }
    return sorted(
        pdf
        for pdf in printed(app).glob("*.pdf")
        if pdf.stem.removesuffix(paper_suffix(pdf.stem.rsplit("-", 1)[-1])) in names
    )
