"""The build's side of `markup.py`: what a note may not use is refused as Sphinx reads it.

- Every directive and role that is not in `markup.DIRECTIVES` / `markup.ROLES` is replaced, in
  docutils' registry and in every domain, by one that warns and contributes nothing.
- Notes are parsed by MyST without their front matter's `myst:` settings, which could turn raw
  HTML back on or add extensions, and without `{eval-rst}`.
- A transform checks every link, image, downloadable file and formula a page holds once it is
  parsed, before Sphinx copies any file: whatever `markup` refuses is taken out, with a warning
  at its line. A post-transform takes out, once more, any link a later stage made (works cited).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives as rst_directives
from docutils.parsers.rst import roles as rst_roles
from docutils.parsers.rst.directives.tables import CSVTable
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.mdit_to_docutils.transforms import UnreferencedFootnotesDetector
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.code import CodeBlock
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from handbook import diagnostics
from handbook.checking import links, markup, rules, texmath
from handbook.reading import sources
from handbook.reading.directives import AnyOption
from handbook.reading.targets import ANCHOR, UnknownTargets, footnotes_checked, source_line


class RefusedDirective(SphinxDirective):
    """Stands in for a directive notes may not use: one warning at its line, and nothing else."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = AnyOption()

    def run(self) -> list[nodes.Node]:
        diagnostics.warn(markup.directive_refusal(self.name) or "", "markup", self.get_location())
        return []


def refused_role(name: str, rawtext: str, text: str, lineno: int, inliner, options=None, content=None):
    """Stands in for a role notes may not use: its text as typed, and a warning at its line
    (located as `check` locates roles, by `sources.locate_roles`)."""
    node = nodes.inline(text, text, handbook_written=rawtext, handbook_refused=markup.role_refusal(name))
    return [node], []


class SafeCSVTable(CSVTable):
    """A csv-table whose rows are typed in the note; one that reads them from a file is refused."""

    def run(self) -> Sequence[nodes.table | nodes.system_message]:
        refusal = markup.option_refusal("csv-table", self.options)
        if refusal:
            source, line = self.state_machine.get_source_and_line(self.lineno)
            diagnostics.warn(refusal, "markup", f"{source}:{line}")
            return []
        return super().run()


class SafeCodeBlock(CodeBlock):
    """A code block whose lines to emphasise are among its lines."""

    def run(self) -> list[nodes.Node]:
        if refusal := markup.lines_refusal(self.name, self.options, len(self.content)):
            diagnostics.warn(refusal, "markup", self.get_location())
            del self.options["emphasize-lines"]
        return super().run()


def refuse_the_rest(app: Sphinx, config: Config) -> None:
    """config-inited (every extension is set up by then, no domain made yet): each directive
    and role outside the allowed markup is registered anew as a refused one. docutils keeps its
    registries in module attributes (`_directive_registry`, `_directives`, `_role_registry`,
    `_roles`); they are read, never written, here: they are the only list of what exists."""
    for name in {*rst_directives._directive_registry, *rst_directives._directives}:  # type: ignore[attr-defined]
        if markup.directive_refusal(name):
            app.add_directive(name, RefusedDirective, override=True)
    app.add_directive("csv-table", SafeCSVTable, override=True)
    for name in markup.CODE_BLOCKS:
        app.add_directive(name, SafeCodeBlock, override=True)
    for name in ("eval-rst", "eval-md"):  # as `:::{eval-rst}`; the fenced form is NoteRenderer's
        app.add_directive(name, RefusedDirective, override=True)
    for name in {*rst_roles._role_registry, *rst_roles._roles}:  # type: ignore[attr-defined]
        if markup.role_refusal(name):
            app.add_role(name, refused_role, override=True)
    # A domain's directives and roles are written with its name (`py:function`), or without it
    # for the standard domain (`glossary`, `ref`) and, alas, the primary one (`function`).
    for domain_name, domain in app.registry.domains.items():
        if domain_name == "handbook":
            continue
        for name in (*domain.directives, *app.registry.domain_directives.get(domain_name, {})):
            if markup.directive_refusal(name if domain_name == "std" else f"{domain_name}:{name}"):
                app.add_directive_to_domain(domain_name, name, RefusedDirective, override=True)
        for name in (*domain.roles, *app.registry.domain_roles.get(domain_name, {})):
            if markup.role_refusal(name if domain_name == "std" else f"{domain_name}:{name}"):
                app.add_role_to_domain(domain_name, name, refused_role, override=True)


class NoteRenderer(SphinxRenderer):
    """MyST's renderer, without `{eval-rst}` (a block of reStructuredText is refused), and with
    directives nested at most `markup.NESTING` deep (MyST reads a directive's body by calling
    itself, so a note of a few hundred nested blocks would end the build with a RecursionError)."""

    nesting = 0
    #: the line of the outermost directive being read: MyST's lines for deeply nested blocks
    #: drift, so a warning about nesting names the block an editor sees first
    outermost = 0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: (line, label) of each second text of a footnote, left out for `footnotes_checked` to report
        self.repeated_footnotes: list[tuple[int, str]] = []

    def render_footnote_reference(self, token) -> None:
        # A second text for a footnote's label is left out, reported in `check`'s words rather
        # than MyST's (which says it at once, as it reads the text).
        label = token.meta["label"]
        if any(label in node["names"] for node in [*self.document.footnotes, *self.document.autofootnotes]):
            self.repeated_footnotes.append((token_line(token), label))
            return
        super().render_footnote_reference(token)

    def render_myst_target(self, token) -> None:
        # A label given again in the page is left out, reported in `check`'s words rather than
        # docutils' (which would take the name from both).
        name = rules.label_name(token.content)
        first = [node.line or 0 for node in self.document.findall(nodes.target) if name in node["names"]]
        if first and self.document.nametypes.get(name):
            for problem in rules.label_problems({name: [first[0], token_line(token)]}):
                diagnostics.warn(problem.message, problem.subtype, f"{self.document['source']}:{problem.line}")
            return
        super().render_myst_target(token)

    def run_directive(self, name: str, first_line: str, content: str, position: int, *args, **kwargs):
        if self.nesting >= markup.NESTING:
            diagnostics.warn(markup.NESTED_TOO_DEEP, "markup", f"{self.document['source']}:{self.outermost}")
            return []
        if rst_directives.directive(name, self.language_module_rst, self.document)[0] is None:
            # A directive no extension defines is refused like one a note may not use, in
            # `check`'s words, rather than as MyST's "unknown directive".
            refusal = markup.directive_refusal(name) or ""
            diagnostics.warn(refusal, "markup", f"{self.document['source']}:{position}")
            return []
        if not self.nesting:
            self.outermost = position
        self.nesting += 1
        try:
            return super().run_directive(name, first_line, content, position, *args, **kwargs)
        finally:
            self.nesting -= 1

    def render_myst_role(self, token) -> None:
        # A role no extension defines is refused like one a note may not use, at its own line
        # and in `check`'s words, rather than as MyST's "unknown role" at its paragraph's line.
        name = token.meta["name"]
        if rst_roles.role(name, self.language_module_rst, 0, self.reporter)[0] is None:
            self.current_node += refused_role(name, f"{{{name}}}`{token.content}`", token.content, 0, None)[0]
            return
        super().render_myst_role(token)

    def render_link_anchor(self, token, target: str) -> None:
        # Marked, so that `UnknownTargets` knows a link to `#anchor` from other links MyST resolves.
        super().render_link_anchor(token, target)
        link = self.current_node[-1]
        if isinstance(link, nodes.Element):
            link["classes"].append(ANCHOR)

    def render_restructuredtext(self, token) -> None:
        # MyST's own line for a block (`token_line`), as every directive gets.
        line = token.map[0] if token.map else 1
        diagnostics.warn(markup.directive_refusal("eval-rst") or "", "markup", f"{self.document['source']}:{line}")


class NoteParser(MystParser):
    """MyST's parser with the project's settings only: a note's front matter cannot change them
    (`myst: {disable_syntax: []}` would bring raw HTML back; `html_meta` writes into the head)."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        parser = create_md_parser(document.settings.env.myst_config, NoteRenderer)
        parser.options["document"] = document
        parser.render(inputstring)
        renderer = parser.renderer
        repeated = renderer.repeated_footnotes if isinstance(renderer, NoteRenderer) else []
        footnotes_checked(document, inputstring.split("\n"), repeated)

    def get_transforms(self):
        # A footnote nothing refers to is reported by `footnotes_checked`, in `check`'s words
        # (MyST's detector when it reads without Sphinx; Sphinx's has nothing left to find).
        return [transform for transform in super().get_transforms() if transform is not UnreferencedFootnotesDetector]


class SafeLinks(SphinxTransform):
    """Takes out what a parsed page may not hold: links to other schemes, images and files from
    outside the project, math beyond the safe subset. Runs after docutils has resolved the
    page's link targets (priority 640) and before Sphinx collects images and files
    (doctree-read)."""

    default_priority = 700

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        page = str(self.env.doc2path(docname))
        lines = sources.page_text(self.env, docname).split("\n")
        srcdir = Path(self.env.srcdir)
        docdir = Path(page).parent

        def refuse(node: nodes.Element, needle: str, message: str, subtype: diagnostics.Subtype) -> None:
            source, line = source_line(node)
            if source == page and line:
                line = markup.line_of(lines, line - 1, needle)
            diagnostics.warn(message, subtype, (docname, line))

        for reference in list(self.document.findall(nodes.reference)):
            uri = reference.get("refuri")
            if uri and (message := links.url_refusal(uri)):
                refuse(reference, uri, message, "link")
                reference.replace_self(reference.children or nodes.Text(reference.astext()))
        for toctree in self.document.findall(addnodes.toctree):
            kept = []
            for title, ref in toctree["entries"]:
                if ref and links.scheme_of(ref) and (message := links.url_refusal(ref)):
                    refuse(toctree, ref, message, "link")
                else:
                    kept.append((title, ref))
            toctree["entries"] = kept
        for xref in list(self.document.findall(addnodes.pending_xref)):
            target = xref.get("reftarget", "")
            if xref.get("reftype") == "myst" and links.scheme_of(target) and (message := links.url_refusal(target)):
                refuse(xref, target, message, "link")
                xref.replace_self(xref.children)
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            if message := links.path_refusal(srcdir, docdir, uri, image=True):
                refuse(image, uri, message, "path")
                image.parent.remove(image)
        for download in list(self.document.findall(addnodes.download_reference)):
            target = download.get("reftarget", "")
            if message := links.path_refusal(srcdir, docdir, target, image=False):
                refuse(download, target, message, "path")
                download.replace_self(download.children)
        formulas = [
            node for node in self.document.findall(nodes.Element) if isinstance(node, (nodes.math, nodes.math_block))
        ]
        for formula in formulas:
            found = texmath.math_refusal(formula.astext(), display=isinstance(formula, nodes.math_block))
            if found:
                needle, message = found
                refuse(formula, needle, message, "math")
                shown = nodes.literal(formula.astext(), formula.astext())
                formula.replace_self(
                    nodes.literal_block(formula.astext(), formula.astext())
                    if isinstance(formula, nodes.math_block)
                    else shown
                )


class SafeLinksAtLast(SphinxPostTransform):
    """A link a later stage made (a work cited's `url` in references.bib, warned about when the
    build starts) is taken out once more, silently, before any page is written."""

    default_priority = 900

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.reference)):
            if node.get("refuri") and links.url_refusal(node["refuri"]):
                node.replace_self(node.children or nodes.Text(node.astext()))


def check_bibliography(app: Sphinx) -> None:
    """builder-inited: a work's `url` in references.bib is held to the rules of a note's links."""
    for name in getattr(app.config, "bibtex_bibfiles", []):
        path = Path(app.srcdir) / name
        if path.is_file():
            for line, message in links.bibliography_refusals(path.read_text(encoding="utf-8", errors="replace")):
                diagnostics.warn(message, "link", f"{path}:{line}")


def setup_safety(app: Sphinx) -> None:
    app.add_source_parser(NoteParser, override=True)
    app.add_transform(SafeLinks)
    app.add_post_transform(SafeLinksAtLast)
    app.add_post_transform(UnknownTargets)
