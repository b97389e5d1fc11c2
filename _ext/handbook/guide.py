"""The editors' guide's generated part: the table of warnings, rendered from the one list of them
in checks.py, so that what the guide says a warning means cannot drift from the code."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import checks


class WarningsDirective(SphinxDirective):
    """`handbook-warnings`: every warning subtype, what it means and what to do."""

    def run(self) -> list[nodes.Node]:
        group = nodes.tgroup(cols=2)
        group += [nodes.colspec(colwidth=1), nodes.colspec(colwidth=3)]
        group += nodes.thead("", self.row(nodes.Text("warning"), nodes.Text("what it means and what to do")))
        body = nodes.tbody()
        for subtype, meaning in checks.SUBTYPES.items():
            text, messages = self.parse_inline(meaning, lineno=self.lineno)
            body += self.row(nodes.literal(text=f"handbook.{subtype}"), *text)
        group += body
        table = nodes.table("", group, classes=["handbook-warnings"])
        self.set_source_info(table)
        return [table]

    @staticmethod
    def row(first: nodes.Node, *rest: nodes.Node) -> nodes.row:
        return nodes.row("", nodes.entry("", nodes.paragraph("", "", first)), nodes.entry("", nodes.paragraph("", "", *rest)))
