"""Words in another language, as the editor marks them: ``{lang}`مرحبا بكم <ar>` `` in the text
and `:lang: uk` on a speaker card. On the web they carry `lang` (so screen readers speak them in
their language and browsers break their lines by its rules) and `dir` (so a right-to-left phrase
is laid out right to left, without taking the punctuation around it along); in print they are
set as any text is (fonts.py, direction.py).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

from handbook import diagnostics
from handbook.checking import rules


class foreign(nodes.inline):  # lowercase, as docutils names its node classes
    """Words in another language: `lang` (a BCP 47 tag) and `dir` ("ltr" or "rtl")."""


def direction(text: str) -> str:
    """ "rtl" when the text's first letter is right to left, else "ltr": HTML's own rule for
    `dir="auto"` (the first strong character, UAX #9 rule P2)."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def marked(text: str, tag: str) -> foreign:
    return foreign(text, text, lang=tag, dir=direction(text))


class LangRole(SphinxRole):
    """``{lang}`words <tag>` ``: the words, marked as being in that language. A tag that is not
    one is reported (at the role's own line, as `check` finds it) and the words shown unmarked."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        match = re.fullmatch(r"(?s)(.*?)\s*<([^<>]*)>\s*", self.text)
        words, tag = (" ".join(match[1].split()), match[2].strip()) if match else (self.text, "")
        problem = rules.lang_role_problem(self.text)
        if problem:
            source, line = self.get_source_info()
            diagnostics.warn(problem, "lang", f"{source}:{self.exact_line(source, line)}")
            return [nodes.inline(words, words)], []
        return [marked(words, tag)], []

    def exact_line(self, source: str, line: int) -> int:
        """Markdown gives a role its paragraph's first line; the line it is written on."""
        lines = Path(source).read_text(encoding="utf-8").split("\n") if Path(source).is_file() else []
        written = f"{{{self.name}}}`{self.text}`"
        return rules.role_lines(lines, max(line - 1, 0), [written])[0] + 1 if lines else line


def visit_foreign_html(self, node: foreign) -> None:
    self.body.append(self.starttag(node, "span", "", lang=node["lang"], dir=node["dir"]))


def depart_foreign_html(self, node: foreign) -> None:
    self.body.append("</span>")


def setup_languages(app: Sphinx) -> None:
    from sphinx.writers.latex import LaTeXTranslator
    from sphinx.writers.text import TextTranslator

    app.add_node(
        foreign,
        html=(visit_foreign_html, depart_foreign_html),
        latex=(LaTeXTranslator.visit_inline, LaTeXTranslator.depart_inline),
        text=(TextTranslator.visit_inline, TextTranslator.depart_inline),
    )
    app.add_role("lang", LangRole())
