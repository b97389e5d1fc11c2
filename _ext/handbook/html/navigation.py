"""Knowing where one is: breadcrumbs, the current section in the top menu, no empty sidebars.

Meetings, people and years are not in the navigation tree (no page renders the whole archive's
table of contents), so the theme finds no parents and no current section for them. Their place is
known from the domain: a meeting's cell, a person among the people, a year in the archive; it is
given to the theme's templates at `html-page-context`, after the theme's own handlers.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

from handbook.content.records import Page
from handbook.domain import HandbookDomain, handbook_domain

#: page kind → the section (a top-level page of the menu) it belongs to.
SECTIONS = {
    "cell": "cells/index",
    "meeting": "cells/index",
    "theme": "themes/index",
    "person": "people/index",
    "year": "archive/index",
    "essay": "essays/index",
}

#: The menu's item for a link, as the theme writes it (`components/navbar-nav.html`).
MENU_ITEM = re.compile(r'<li class="nav-item ([^"]*)">(\s*<a class="nav-link nav-internal" href="([^"]*)")')


def trail(domain: HandbookDomain, pagename: str, page: Page) -> list[tuple[str, str]]:
    """(docname, title) of the pages above this one, top first: Cells › cell for a meeting,
    People for a person, Archive for a year; [] for pages the navigation tree places itself."""
    kind = page.kind
    if kind not in SECTIONS or pagename == SECTIONS[kind]:
        return []
    section = SECTIONS[kind]
    section_page = domain.pages.get(section)
    above = [(section, section_page.title if section_page else section.split("/")[0].title())]
    if kind == "meeting":
        cell = domain.index["cell"].get(page.cell)
        if cell:
            above.append((cell.docname, cell.title))
    return above


def place_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: breadcrumbs, the menu's current section and the sidebar, from the
    page's place in the handbook."""
    if not isinstance(app.builder, StandaloneHTMLBuilder) or "generate_header_nav_html" not in context:
        return
    domain = handbook_domain(app.env)
    page = domain.facts(pagename)
    above = trail(domain, pagename, page)
    if above:
        # The theme writes each title as HTML (Sphinx's parents are rendered titles): escaped here.
        context["parents"] = [
            {"link": context["pathto"](docname), "title": Markup(escape(title))} for docname, title in above
        ]
    section = SECTIONS.get(page.kind)
    if section and section != pagename:
        context["generate_header_nav_html"] = current_section(
            context["generate_header_nav_html"], context["pathto"](section)
        )
    context["suppress_sidebar_toctree"] = sidebar_only_with_links(
        context["suppress_sidebar_toctree"], context["generate_toctree_html"]
    )


def current_section(generate, href: str):
    """The theme's menu, with the item linking to `href` marked as the current section."""

    def generate_marked(*args, **kwargs) -> str:
        def mark(match: re.Match) -> str:
            if match.group(3) != href or "current" in match.group(1):
                return match.group(0)
            return f'<li class="nav-item current active">{match.group(2)} aria-current="true"'

        return MENU_ITEM.sub(mark, generate(*args, **kwargs))

    return generate_marked


def sidebar_only_with_links(suppress, generate_toctree_html):
    """The theme leaves out its sidebar when the page has no navigation tree; also when the tree
    it would show has no link (a "Section Navigation" heading over nothing)."""

    def suppress_empty(**kwargs) -> bool:
        if suppress(**kwargs):
            return True
        # str(): the theme returns Markup, which escapes what it is searched for.
        return "<a " not in str(generate_toctree_html("sidebar", titles_only=True, **kwargs))

    return suppress_empty


def retitled(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated: a page's title shows on other pages: in the top menu, in the sidebar and
    previous/next links of its siblings (Sphinx rewrites none of them) and in the breadcrumbs of a
    cell's meetings. When the title of a page other than a meeting changes, every page is written
    again, as a clean build would write it; when the tables of contents change (a page added or
    removed), the pages in them are, and every page when the top menu (the root's table) changes.
    A meeting's title shows only in listings, which follow it themselves
    (listings.outdated.outdated_pages), so editing a note stays cheap."""
    domain = handbook_domain(env)
    titles = {
        docname: env.titles[docname].astext()
        for docname in env.found_docs
        if docname in env.titles and domain.facts(docname).kind != "meeting"
    }
    tree = sorted((name, tuple(names)) for name, names in env.toctree_includes.items())
    before = domain.remember("navigation", (titles, tree))
    if before is None:
        return []
    if any(before[0].get(docname, title) != title for docname, title in titles.items()):
        return sorted(env.found_docs)
    if before[1] == tree:
        return []
    top = app.config.root_doc
    if dict(before[1]).get(top) != dict(tree).get(top):  # the top menu, on every page
        return sorted(env.found_docs)
    return sorted({*env.toctree_includes, *(name for _, names in tree for name in names)} & env.found_docs)
