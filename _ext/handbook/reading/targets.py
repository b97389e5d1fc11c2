"""What an editor's references must reach on the page or in the handbook: footnotes and their
texts, `{ref}` labels and links to `#anchor`, reported in `check`'s words (`checking.rules`) before
docutils, Sphinx or MyST would report them in theirs, and shown as typed."""

from __future__ import annotations

import functools

from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from handbook import diagnostics
from handbook.checking import links, markup, rules
from handbook.reading import sources


def footnotes_checked(document: nodes.document, lines: list[str], repeated: list[tuple[int, str]]) -> None:
    """A page's footnotes held to `rules.footnote_problems`, before docutils numbers them: a
    reference without a text is reported and shown as typed (docutils would give two errors for
    it), a text nothing refers to is reported and left out (Sphinx would report it again), and a
    second text for a label, which `repeated` gives (line, label) and MyST left out, is reported."""
    references = [
        (node, markup.line_of(lines, (node.line or 1) - 1, f"[^{node['refname']}]"))
        for node in document.findall(nodes.footnote_reference)
        if node.get("refname")
    ]
    footnotes = [node for node in document.findall(nodes.footnote) if node["names"]]
    texts = [(node.line or 1, node["names"][0]) for node in footnotes]
    problems = rules.footnote_problems([(line, node["refname"]) for node, line in references], texts + repeated)
    for problem in problems:
        diagnostics.warn(problem.message, problem.subtype, f"{document['source']}:{problem.line}")
    defined = {label for _, label in texts}
    for node, _ in references:
        if node["refname"] not in defined:
            for registry in (document.autofootnote_refs, document.footnote_refs.get(node["refname"], [])):
                if node in registry:
                    registry.remove(node)
            if node in document.refnames.get(node["refname"], []):
                document.refnames[node["refname"]].remove(node)
            for id_ in node["ids"]:
                document.ids.pop(id_, None)
            node["ids"] = []
            node.replace_self(nodes.Text(node.rawsource))
    referred = {node["refname"] for node, _ in references}
    for footnote in footnotes:
        if footnote["names"][0] not in referred:
            for texts_of in (document.autofootnotes, document.footnotes):
                if footnote in texts_of:
                    texts_of.remove(footnote)
            for id_ in footnote["ids"]:
                document.ids.pop(id_, None)
            for name in footnote["names"]:
                document.nameids.pop(name, None)
                document.nametypes.pop(name, None)
            footnote.parent.remove(footnote)


def source_line(node: nodes.Node) -> tuple[str | None, int | None]:
    """The source and line of `node`, or of the nearest block around it that has one."""
    while node is not None:
        source, line = get_source_line(node)
        if line:
            return source, line
        node = node.parent
    return None, None


#: the class `NoteRenderer` gives a link to `#anchor`, until `UnknownTargets` has read it
ANCHOR = "handbook-anchor"


class UnknownTargets(SphinxPostTransform):
    """A `{ref}` to no label, and a link to `#anchor` with no heading of its page or label of that
    name, are reported in `check`'s words and shown as plain text, before Sphinx's and MyST's
    resolvers would report them in theirs (priority 9 and 10)."""

    default_priority = 5

    @functools.cached_property
    def labels(self) -> set[str]:
        std = self.env.get_domain("std")
        return {*std.labels, *std.anonlabels}  # type: ignore[attr-defined]

    @functools.cached_property
    def lines(self) -> list[str]:
        return sources.page_text(self.env, self.env.docname).split("\n")

    def run(self, **kwargs) -> None:
        # What is looked up (every label, the page's text) only for a page that has a reference
        # to check: this runs for every page written.
        anchors = None
        page = str(self.env.doc2path(self.env.docname))
        for xref in list(self.document.findall(addnodes.pending_xref)):
            target = xref.get("reftarget", "")
            inner = xref.children[0] if xref.children else None
            if xref.get("refdomain") == "std" and xref.get("reftype") == "ref":
                name = rules.label_name(target)
                if name in self.labels:
                    continue
                message, needle = diagnostics.unknown_target("label", name, self.labels), target
            elif xref.get("refdomain") == "cite":
                self.cited_works(xref, target, self.lines)
                continue
            elif xref.get("reftype") == "myst" and not target:
                message, needle = rules.EMPTY_LINK, "]()"
            elif xref.get("reftype") == "myst" and isinstance(inner, nodes.Element) and ANCHOR in inner["classes"]:
                inner["classes"].remove(ANCHOR)
                if anchors is None:
                    anchors = {anchor for section in self.document.findall(nodes.section) for anchor in section["ids"]}
                if target in anchors or rules.label_name(target) in self.labels:
                    continue
                message, needle = rules.unknown_anchor(target, anchors | self.labels), f"#{target}"
            else:
                continue
            source, line = source_line(xref)
            if source == page and line:
                line = markup.line_of(self.lines, line - 1, needle)
            diagnostics.warn(message, "ref", (self.env.docname, line))
            xref.replace_self(nodes.Text(xref.astext() or f"#{target}"))
        for node in self.document.findall(nodes.Element):
            if ANCHOR in node["classes"]:
                node["classes"].remove(ANCHOR)

    def cited_works(self, xref: addnodes.pending_xref, target: str, lines: list[str]) -> None:
        """A `{cite}` of works references.bib does not hold, in `check`'s words before
        sphinxcontrib-bibtex would say it in its own: the works it holds stay cited, and a citation
        of none of them is shown as typed."""
        known = self.env.get_domain("cite").bibdata.data.entries  # type: ignore[attr-defined]
        page = str(self.env.doc2path(self.env.docname))
        source, line = source_line(xref)
        kept = []
        for written, key in links.cited_works(target):
            if key in known:
                kept.append(written)
                continue
            at = markup.line_of(lines, line - 1, key) if source == page and line else line
            message = links.unknown_work(key, set(known), list(self.config.bibtex_bibfiles))
            diagnostics.warn(message, "ref", (self.env.docname, at))
        if kept:
            xref["reftarget"] = ",".join(kept)
            return
        for id_ in xref["ids"]:  # sphinxcontrib-bibtex notes each citation as a target
            self.document.ids.pop(id_, None)
        xref["ids"] = []
        xref.replace_self(nodes.Text(xref.astext()))
