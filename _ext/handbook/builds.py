"""What a build settles before and after reading: settings that make editor text plain text,
and no output left behind for a page that no longer exists."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment


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


def forget_removed_pages(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """env-get-outdated: a removed note's page must not stay on the site (Sphinx leaves old
    outputs in place, and the search would go on finding it)."""
    if isinstance(app.builder, StandaloneHTMLBuilder):
        for docname in removed:
            Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)
    return []
