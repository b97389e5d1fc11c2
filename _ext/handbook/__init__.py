"""The handbook's Sphinx extension: every event it uses is wired here, in the order data flows."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from . import builds, directives, domain, feeds, frontmatter, listings, pages, site


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.add_domain(domain.HandbookDomain)
    for kind in domain.TARGET_KINDS:
        app.add_role(kind, domain.HandbookRole(innernodeclass=nodes.inline))
    app.add_directive("speaker", directives.SpeakerDirective)
    app.add_directive("keypoints", directives.KeypointsDirective)
    listings.setup_listings(app)
    app.add_css_file("handbook.css")

    app.connect("config-inited", builds.editor_text_is_text)
    # Before Sphinx looks for sources: person and year pages must exist as files to be read.
    app.connect("builder-inited", pages.generate)
    app.connect("builder-inited", builds.note_known_themes)
    app.connect("env-get-outdated", builds.reread_when_themes_change)
    # After MyST has parsed a page and the directives have run: title and front matter are final.
    app.connect("doctree-read", frontmatter.collect_page)
    # Needs the page's kind from collect_page, so it runs after it (same priority, later connect).
    app.connect("doctree-read", listings.add_generated)
    # All pages read and merged: write again every page whose listings or link titles changed.
    app.connect("env-updated", listings.outdated_pages)
    app.connect("doctree-resolved", listings.fill)
    # Feeds are linked from every page's head and written once the whole site is.
    app.connect("html-page-context", feeds.link_feeds)
    app.connect("build-finished", feeds.write_feeds)
    # Link previews and search engines: a meeting's description, and a sitemap of every page.
    app.connect("html-page-context", site.describe_meeting)
    app.connect("build-finished", site.write_sitemap)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
