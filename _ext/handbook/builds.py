"""What one build needs from the last: settings that make editor text plain text, the set of
themes the notes were checked against, and outputs of pages that no longer exist."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

from . import model


def editor_text_is_text(app: Sphinx, config) -> None:
    """config-inited: what an editor types is shown as typed: no raw HTML (a `<script>` in a
    note is text), no quotes rewritten (the notes mix straight and curly quotes as the network
    wrote them). MyST reports unreadable front matter at line 1, and a date like 2023-02-30 as
    "Malformed YAML"; the handbook reports each at its own line, so one warning is enough."""
    config.myst_disable_syntax = [*config.myst_disable_syntax, "html_inline", "html_block"]
    config.smartquotes = False
    config.suppress_warnings = [*config.suppress_warnings, "myst.topmatter"]


def no_raw_output(app: Sphinx) -> None:
    """builder-inited: a `{raw} html` or `{raw} latex` block would pass a note's text to the
    output unescaped; docutils then reports it as disabled, at its line, and drops it."""
    app.env.settings["raw_enabled"] = False


def note_known_themes(app: Sphinx) -> None:
    """builder-inited: a theme exists exactly when its page does, so front matter that names one
    can be checked while each note is read, in any order and in any reader process."""
    themes = sorted(model.known_themes(Path(app.srcdir)))
    env = app.env
    env.handbook_reread_meetings = getattr(env, "handbook_themes", themes) != themes
    env.handbook_themes = themes


def reread_when_themes_change(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """env-get-outdated: adding or removing a theme page changes which front matter is valid;
    and a removed note's page must not stay on the site (Sphinx leaves old outputs in place)."""
    if isinstance(app.builder, StandaloneHTMLBuilder):
        for docname in removed:
            Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)
    if not env.handbook_reread_meetings:
        return []
    return sorted(docname for docname in env.found_docs if model.page_kind(docname) == "meeting")
