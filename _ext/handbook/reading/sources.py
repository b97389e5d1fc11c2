"""Reading an editor's files: a stray byte or pasted control character costs a warning, never
the build, and the mistakes of a file as a whole are reported as the build reads it, with the
same words and lines as `python -m handbook check` (see checks.py)."""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
from collections import defaultdict
from pathlib import Path

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from handbook import diagnostics
from handbook.checking import checks, rules
from handbook.content import layout
from handbook.content.headings import front_matter_unclosed
from handbook.content.people import registry_problems
from handbook.content.text import read_source, strip_controls
from handbook.content.tree import Tree
from handbook.domain import handbook_domain

#: Sphinx reads sources with this codec: UTF-8, where a byte that is not becomes U+FFFD
#: (Sphinx's own UTF-8 decoding stops the whole build at the first such byte).
ENCODING = "handbook_utf_8"


class _Decoder(encodings.utf_8_sig.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _find_codec(name: str) -> codecs.CodecInfo | None:
    if name != ENCODING:
        return None
    return codecs.CodecInfo(
        name=ENCODING,
        encode=codecs.utf_8_encode,
        decode=lambda data, errors="strict": encodings.utf_8_sig.decode(data, "replace"),
        incrementalencoder=encodings.utf_8_sig.IncrementalEncoder,
        incrementaldecoder=_Decoder,
        streamreader=encodings.utf_8_sig.StreamReader,
        streamwriter=encodings.utf_8_sig.StreamWriter,
    )


codecs.register(_find_codec)


def read_leniently(app: Sphinx) -> None:
    """builder-inited: decode every source leniently; the byte is reported by `report_file`.
    Set on the environment, not in `source_encoding`, which Sphinx 9 reserves for UTF-8."""
    app.env.settings["input_encoding"] = ENCODING


def note_tree(app: Sphinx) -> None:
    """builder-inited: the cells, meeting slugs and registry every note is checked against, known
    before any note is read (in any order, in any reader process); and people.yaml's mistakes."""
    handbook_domain(app.env).note_tree(Tree.read(Path(app.srcdir)))
    for problem in registry_problems(Path(app.srcdir)):
        diagnostics.warn(problem.message, problem.subtype, f"{Path(app.srcdir) / 'people.yaml'}:{problem.line}")


def reread_when_tree_changes(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """env-get-outdated: a new cell, registry name or duplicate slug changes what unedited notes
    report, so every note is read again."""
    if not handbook_domain(env).tree_changed:
        return []
    return sorted(docname for docname in env.found_docs if layout.page_kind(docname) == "meeting")


#: The text of the page being read, as MyST reads it, kept for the handlers of doctree-read.
TEXT = "handbook_text"


def report_file(app: Sphinx, docname: str, source: list[str]) -> None:
    """source-read: the mistakes of the file as a whole, at their lines; control characters are
    taken out before MyST reads the text, as check reads it."""
    env = app.env
    text = source[0].removeprefix("\ufeff")
    if "\ufffd" in text:
        # Perhaps a byte that is not UTF-8: only the file's bytes tell on which line.
        _, problems = read_source(env.doc2path(docname))
        text, _ = strip_controls(text)
    else:
        text, problems = strip_controls(text)
    if cut := checks.cut_to_size(text):
        text, problem = cut
        problems.append(problem)
    env.current_document[TEXT] = text
    # Front matter never closed is reported (fields.read_mapping) and its keys shown as typed:
    # without its opening `---`, which docutils would refuse as a rule at the top of the page.
    source[0] = "\n" + text.partition("\n")[2] if front_matter_unclosed(text.splitlines()) else text
    problems += checks.file_problems(docname, text, handbook_domain(env).tree)
    for problem in problems:
        diagnostics.warn(problem.message, problem.subtype, (docname, problem.line))


def page_text(env: BuildEnvironment, docname: str) -> str:
    """The text of the page being read, as `report_file` left it, without reading it again."""
    return env.current_document.get(TEXT) or read_source(Path(env.doc2path(docname)))[0]


def locate_roles(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: Markdown gives inline markup only its paragraph's first line; give each
    role its own line, found as `check` finds it, so that a warning points at the line to fix.
    A role notes may not use is reported here, at that line."""
    blocks: dict[tuple[str, int], list[nodes.Element]] = defaultdict(list)
    for ref in doctree.findall(nodes.Element):
        if "handbook_written" not in ref:
            continue
        block: nodes.Node | None = ref.parent
        while isinstance(block, nodes.Inline) and isinstance(block, nodes.Node):
            block = block.parent
        source, line = get_source_line(block) if block is not None else (None, None)
        if source and line:
            blocks[source, line].append(ref)
        else:
            del ref["handbook_written"]
    page = str(app.env.doc2path(app.env.docname))
    texts: dict[str, list[str]] = {}
    for (source, line), refs in blocks.items():
        if source not in texts:
            texts[source] = (
                page_text(app.env, app.env.docname)
                if source == page
                else read_source(Path(source))[0]
                if Path(source).is_file()
                else ""
            ).split("\n")
        found = rules.role_lines(texts[source], line - 1, [ref["handbook_written"] for ref in refs])
        for ref, index in zip(refs, found, strict=True):
            ref.source, ref.line = source, index + 1
            del ref["handbook_written"]
    for ref in doctree.findall(nodes.Element):
        if "handbook_refused" not in ref:
            continue
        diagnostics.warn(ref["handbook_refused"], "markup", ref)
        del ref["handbook_refused"]
