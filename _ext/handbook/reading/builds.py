"""What a build settles before and after reading: settings that make editor text plain text,
and no output left behind for a page that no longer exists."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jinja2
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

from handbook.domain import handbook_domain


def editor_text_is_text(app: Sphinx, config) -> None:
    """config-inited: what an editor types is shown as typed: no raw HTML (a `<script>` in a
    note is text), no quotes rewritten (the notes mix straight and curly quotes as the network
    wrote them). MyST reports unreadable front matter at line 1, and a date like 2023-02-30 as
    "Malformed YAML", and a skipped heading level as `myst.header`; the handbook reports each at its
    own line, in the words `check` uses, so one warning is enough."""
    config.myst_disable_syntax = [*config.myst_disable_syntax, "html_inline", "html_block"]
    config.smartquotes = False
    config.suppress_warnings = [*config.suppress_warnings, "myst.topmatter", "myst.header"]


def no_raw_output(app: Sphinx) -> None:
    """builder-inited: a `{raw} html` or `{raw} latex` block would pass a note's text to the
    output unescaped; docutils then reports it as disabled, at its line, and drops it."""
    app.env.settings["raw_enabled"] = False


def forget_removed_pages(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """env-get-outdated: a removed note's page and its copy of the source must not stay on the
    site (Sphinx leaves old outputs in place, and the search would go on finding it); a page
    whose table of contents named a removed page is read again (else the theme's navigation,
    built from the old table, stops the build on the missing title)."""
    if isinstance(app.builder, StandaloneHTMLBuilder):
        sources = Path(app.outdir) / "_sources"
        for docname in removed:
            Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)
            for suffix in env.config.source_suffix:
                (sources / f"{docname}{suffix}{app.config.html_sourcelink_suffix}").unlink(missing_ok=True)
    return sorted(
        parent
        for parent, children in env.toctree_includes.items()
        if parent not in removed and set(children) & set(removed)
    )


def note_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: the pages this build reads (the others' facts are kept from the last
    build: `listings.outdated.outdated_pages`) and when reading began (`saved_while_read`)."""
    handbook_domain(env).note_reading(docnames)


def saved_while_read(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: Sphinx notes a page as read at the time it finished reading it, so a file saved
    while the build parsed it (an editor saving again under `make serve`) would look read and never
    be read again. Each page read is noted as read when reading began: a file saved since is newer,
    and the next build reads it."""
    domain = handbook_domain(env)
    started = domain.read_started
    if started is not None:
        for docname in domain.read:
            if docname in env.all_docs:
                env.all_docs[docname] = min(env.all_docs[docname], started)


#: in the doctree folder: the theme's templates compiled by an earlier build
TEMPLATES = "handbook-templates"


def templates_compiled_once(app: Sphinx) -> None:
    """builder-inited: Jinja compiles the theme's templates once and keeps the result between
    builds (its bytecode cache checks each template's text), so a rebuild that writes a page or
    two does not spend more time compiling templates than writing."""
    if isinstance(app.builder, StandaloneHTMLBuilder):
        folder = Path(app.doctreedir) / TEMPLATES
        folder.mkdir(parents=True, exist_ok=True)
        app.builder.templates.environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


#: in the doctree folder while a build runs: found there when a build starts, it tells that the
#: last one was stopped (killed, interrupted, out of memory) after it had saved some state
UNFINISHED = "handbook-unfinished"


def resume_unfinished(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """env-get-outdated: after a build that did not finish, every page is read and written
    again. Sphinx saves the environment before it writes, so a build stopped while writing
    leaves pages that its environment believes are up to date, and the listings and titles the
    handbook rewrites on other pages (listings.outdated.outdated_pages) would never be written."""
    marker = Path(app.doctreedir) / UNFINISHED
    unfinished = marker.exists()
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    return sorted(env.found_docs) if unfinished else []


def finished(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: a build that ends without an error leaves no marker."""
    if exception is None:
        (Path(app.doctreedir) / UNFINISHED).unlink(missing_ok=True)


#: how pydata-sphinx-theme starts the script that tells its own scripts the page's name
_PAGENAME_SCRIPT = "DOCUMENTATION_OPTIONS.pagename = "


def theme_values_escaped(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context, after the theme's: pydata-sphinx-theme writes the page's name into a
    script between quotes, unescaped. Page names are names (names.py); the script is written
    anew with the name as a JSON string all the same, `<` escaped so it cannot end the script."""
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {})
        if str(attributes.get("body", "")).startswith(_PAGENAME_SCRIPT):
            attributes["body"] = _PAGENAME_SCRIPT + json.dumps(pagename).replace("<", "\\u003c") + ";"


def tell_pages_written(app: Sphinx) -> list:
    """html-collect-pages, which Sphinx emits once every page of the build is written (the
    static files before them): a preview's build (`handbook_pages_written_fd`, a pipe's writing
    end) says so, so that the open page reloads while the build goes on with the inventory, the
    feeds and the sitemap. Adds no page."""
    fd = app.config.handbook_pages_written_fd
    if fd >= 0:
        try:
            os.write(fd, b"w")
            os.close(fd)
        except OSError:
            pass  # the preview stopped listening: nobody waits for the news
        app.config.handbook_pages_written_fd = -1
    return []
