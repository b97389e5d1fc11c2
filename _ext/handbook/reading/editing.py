"""The editors' guide's generated parts: the table of warnings, rendered from the one list of them
in diagnostics.py, so that what the guide says a warning means cannot drift from the code; and its
examples, each shown as typed and as rendered from one file."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from handbook import diagnostics
from handbook.checking import markup
from handbook.content.names import is_name


class WarningsDirective(SphinxDirective):
    """`handbook-warnings`: every warning subtype, what it means and what to do."""

    def run(self) -> list[nodes.Node]:
        group = nodes.tgroup(cols=2)
        group += [nodes.colspec(colwidth=1), nodes.colspec(colwidth=3)]
        group += nodes.thead("", self.row(nodes.Text("warning"), nodes.Text("what it means and what to do")))
        body = nodes.tbody()
        for subtype, meaning in diagnostics.SUBTYPES.items():
            text, _ = self.parse_inline(meaning, lineno=self.lineno)
            body += self.row(nodes.literal(text=f"handbook.{subtype}"), *text)
        group += body
        table = nodes.table("", group, classes=["handbook-warnings"])
        self.set_source_info(table)
        return [table]

    @staticmethod
    def row(first: nodes.Node, *rest: nodes.Node) -> nodes.row:
        return nodes.row(
            "", nodes.entry("", nodes.paragraph("", "", first)), nodes.entry("", nodes.paragraph("", "", *rest))
        )


#: the folder of the editors' guide's examples, from the source folder
EXAMPLES = "_editing"


class ExampleDirective(SphinxDirective):
    """`{handbook-example} speaker.md`: an example file of `_editing/`, shown as typed and, unless
    `:typed:` says it is shown only so (front matter, a terminal's output), as readers see it,
    from the same file. It is the guide's one way to read a file: a name in that folder only."""

    required_arguments = 1
    option_spec: ClassVar = {
        "language": directives.unchanged,
        "typed": directives.flag,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        path = Path(self.env.srcdir) / EXAMPLES / name
        stem, _, suffix = name.partition(".")
        if not (is_name(stem) and suffix in ("md", "txt") and path.is_file() and not path.is_symlink()):
            diagnostics.warn(
                f"no example {name!r} in {EXAMPLES}/ (examples are files, not links, named like speaker.md there)",
                "markup",
                self.get_location(),
            )
            return []
        self.env.note_dependency(path)
        text = path.read_text(encoding="utf-8")
        typed = nodes.literal_block(
            text, text, language=self.options.get("language", "md"), classes=self.options.get("class", [])
        )
        self.set_source_info(typed)
        if "typed" in self.options:
            return [typed]
        rendered = nodes.container(classes=["handbook-example"])
        self.state.nested_parse(StringList(text.splitlines(), source=str(path)), 0, rendered)
        return [typed, rendered]


class MarkupDirective(SphinxDirective):
    """`handbook-markup`: the directives and roles a note may use, by what they are for, from the
    lists the build and `check` refuse the rest by (markup.py)."""

    def run(self) -> list[nodes.Node]:
        group = nodes.tgroup(cols=2)
        group += [nodes.colspec(colwidth=1), nodes.colspec(colwidth=2)]
        group += nodes.thead("", WarningsDirective.row(nodes.Text("what for"), nodes.Text("directives and roles")))
        body = nodes.tbody()
        for purpose, names in self.by_purpose().items():
            shown: list[nodes.Node] = []
            for name in names:
                shown += [nodes.literal(text=name), nodes.Text(", ")]
            body += WarningsDirective.row(nodes.Text(purpose), *shown[:-1])
        group += body
        table = nodes.table("", group, classes=["handbook-markup"])
        self.set_source_info(table)
        return [table]

    @staticmethod
    def by_purpose() -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for name, purpose in markup.DIRECTIVES.items():
            found.setdefault(purpose, []).append(f"{{{name}}}")
        for name, purpose in markup.ROLES.items():
            found.setdefault(purpose, []).append(f"{{{name}}}`…`")
        return found
