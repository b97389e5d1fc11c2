"""Links and citations in a document that holds only some pages: a link to a page outside it
reads as that page's title, its citations resolve to its own list of works, and that list keeps
only the works its pages cite."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform

from handbook.domain import handbook_domain


class LinksInPrint(SphinxPostTransform):
    """A handbook link to a page outside this document reads as the page's title, as do the
    meeting header's cell and themes (labels in print); a citation goes to the list of works on
    this document's start page. Runs before Sphinx resolves references (priority 10), which
    would keep only a link's raw text, and would send a citation to whichever list it met first."""

    default_priority = 5
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        start, held = pages_of(self.document)
        domain = handbook_domain(self.env)
        for ref in list(self.document.findall(addnodes.pending_xref)):
            if ref.get("refdomain") == "cite":
                ref["refdoc"] = start
            if ref.get("refdomain") != "handbook":
                continue
            found = domain.index.get(ref["reftype"], {}).get(ref["reftarget"])
            if found is None:
                continue  # the resolver warns about it
            # A person's name in running text gets no page number: the index of people gives
            # their pages, and "(p. 87)" inside "Samira's" breaks the sentence.
            if found.docname not in held or ref["reftype"] == "person" or in_meeting_header(ref):
                text = ref.astext() if ref.get("refexplicit") else found.title
                classes: list[str] = ref[0].get("classes", []) if len(ref) and isinstance(ref[0], nodes.Element) else []
                ref.replace_self(nodes.inline(text, text, classes=classes))


def pages_of(document: nodes.document) -> tuple[str, set[str]]:
    """An assembled document's start page, and every page it holds."""
    start = document.get("docname", "")
    return start, {start} | {node["docname"] for node in document.findall(addnodes.start_of_file)}


def in_meeting_header(node: nodes.Node) -> bool:
    while node is not None:
        if isinstance(node, nodes.Element) and "handbook-meeting-header" in node["classes"]:
            return True
        node = node.parent
    return False


class WorksInPrint(SphinxPostTransform):
    """A document's list of works (its start page's) keeps only the works its pages cite, and a
    heading left with nothing under it (the essays' "Works cited", whose works are this list)
    goes. Runs after Sphinx gathers the works at the end of the document (priority 750)."""

    default_priority = 760
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        start, held = pages_of(self.document)
        kept: set[tuple[str, str]] = set()
        if "cite" in self.env.domains:
            cite: Any = self.env.get_domain("cite")  # sphinxcontrib-bibtex's, untyped
            keys = {target.key for ref in cite.citation_refs if ref.docname in held for target in ref.targets}
            kept = {
                (start, work.citation_id)
                for work in cite.citations
                if work.bibliography_key.docname == start and work.key in keys
            }

        def unwanted(node: nodes.Node) -> bool:
            if isinstance(node, nodes.citation):
                return not {(node.get("docname"), id_) for id_ in node["ids"]} & kept
            if isinstance(node, thebibliography):
                return all(unwanted(child) for child in node.children)
            return isinstance(node, nodes.section) and all(
                isinstance(child, (nodes.container, nodes.target)) and not child.astext().strip()
                for child in node.children[1:]
            )

        # Walking down: Sphinx moves each page's nodes into the document without updating
        # their parents, so a node is removed from the node that holds it.
        for holder in [self.document, *self.document.findall(nodes.Element)]:
            holder.children = [child for child in holder.children if not unwanted(child)]
