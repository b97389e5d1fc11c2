"""The handbook's Sphinx extension: every event it uses is wired here, in the order data flows."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.typing import ExtensionMetadata

from . import directives, domain, frontmatter, listings, model, pages


def note_known_names(app: Sphinx) -> None:
    """A theme exists exactly when its page does, so front matter that names one can be checked
    while each note is read, in any order and in any reader process."""
    themes = sorted(model.known_themes(app.srcdir))
    env = app.env
    env.handbook_reread_meetings = getattr(env, "handbook_themes", themes) != themes
    env.handbook_themes = themes


def editor_text_is_text(app: Sphinx, config) -> None:
    """What an editor types is shown as typed: no raw HTML (a `<script>` in a note is text), no
    quotes rewritten (the notes mix straight and curly quotes as the network wrote them).
    MyST reports unreadable front matter at line 1, and a date like 2023-02-30 as "Malformed
    YAML"; the handbook reports each such problem at its own line, so one warning is enough."""
    config.myst_disable_syntax = [*config.myst_disable_syntax, "html_inline", "html_block"]
    config.smartquotes = False
    config.suppress_warnings = [*config.suppress_warnings, "myst.topmatter"]


def reread_when_themes_change(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Adding or removing a theme page changes which front matter is valid: re-read the notes."""
    if not env.handbook_reread_meetings:
        return []
    return sorted(docname for docname in env.found_docs if model.page_kind(docname) == "meeting")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.add_domain(domain.HandbookDomain)
    for kind in domain.TARGET_KINDS:
        app.add_role(kind, domain.HandbookRole())
    app.add_directive("speaker", directives.SpeakerDirective)
    app.add_directive("keypoints", directives.KeypointsDirective)
    listings.setup_listings(app)

    app.connect("config-inited", editor_text_is_text)
    # Before Sphinx looks for sources: person and year pages must exist as files to be read.
    app.connect("builder-inited", pages.generate)
    app.connect("builder-inited", note_known_names)
    app.connect("env-get-outdated", reread_when_themes_change)
    # After MyST has parsed a page and the directives have run: title and front matter are final.
    app.connect("doctree-read", frontmatter.collect_page)
    # Needs the page's kind from collect_page, so it runs after it (same priority, later connect).
    app.connect("doctree-read", listings.add_generated)
    # All pages read and merged: write again every page whose listings or link titles changed.
    app.connect("env-updated", listings.outdated_pages)
    app.connect("doctree-resolved", listings.fill)
    app.add_css_file("handbook.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
