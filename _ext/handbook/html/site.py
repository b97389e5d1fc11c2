"""What a published site owes search engines and link previews: a sitemap of every page and a
description of each meeting.

The sitemap is written from the list of all documents, not from the pages written in this build
(sphinx-sitemap's way), so an incremental build leaves the same sitemap as a clean one.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from handbook.domain import handbook_domain

logger = logging.getLogger(__name__)

NO_ADDRESS = (
    "no published address (set HANDBOOK_BASEURL, e.g. https://handbook.example.org/, or html_baseurl): "
    "the site is built without canonical links or sitemap.xml, and its feeds link relatively. "
    "Fine for a preview; set it for the site you publish."
)


def say_when_unaddressed(app: Sphinx) -> None:
    """builder-inited: a website built without its published address says so once. Where the
    build publishes (a CI service sets `CI`), it is a warning; elsewhere, a preview, a note."""
    if not isinstance(app.builder, StandaloneHTMLBuilder) or app.config.html_baseurl:
        return
    if os.environ.get("CI"):
        # The build's configuration, not a note, is wrong: no `handbook.<subtype>` of the editors' catalogue.
        logger.warning(NO_ADDRESS, once=True)
    else:
        logger.info(NO_ADDRESS)


def describe_meeting(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: a meeting is described by its question or its first paragraph."""
    page = handbook_domain(app.env).facts(pagename)
    if page.summary:
        context["metatags"] = context.get("metatags", "") + (
            f'<meta name="description" content="{escape(page.summary, quote=True)}">\n'
        )


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: sitemap.xml lists every page at its published address."""
    if exception or not isinstance(app.builder, StandaloneHTMLBuilder) or not app.config.html_baseurl:
        return
    base = app.config.html_baseurl.rstrip("/") + "/"
    # The pages of the sources; the domains' index pages only where the site publishes them.
    indices = [name for name, *_ in app.builder.domain_indices] if app.config.html_domain_indices else []
    pages = [*sorted(app.env.found_docs), *indices]
    urls = "".join(
        f"<url><loc>{xml_escape(base + app.builder.get_target_uri(docname))}</loc></url>\n" for docname in pages
    )
    Path(app.outdir, "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n',
        encoding="utf-8",
    )


def citations_as_list_items(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: docutils writes a list of works cited as `role="list"` holding entries
    of `role="doc-biblioentry"`, a role DPUB-ARIA 1.1 deprecates and that a list may not hold (axe:
    aria-required-children, critical). Each entry is a list item of that list instead."""
    if "doc-biblioentry" in context.get("body", ""):
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')
