"""The `handbook` domain: every cell, theme, meeting, person and key point the build has read.

Data is kept per document (`pages[docname]`) so that forgetting a document and merging the
results of parallel readers are one dictionary operation each; look-ups by slug go through an
index rebuilt once after the data changes, never by scanning per reference.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from . import diagnostics, model, rules, sources

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


#: role name → what a reader calls it, for messages
TARGET_KINDS = {
    "cell": "cell",
    "theme": "theme",
    "meeting": "meeting",
    "person": "person",
    "keypoint": "key point",
}


class HandbookRole(XRefRole):
    """`{person}` rather than `{handbook:person}`: editors write the short names."""

    def run(self):
        written = f"{{{self.name}}}`{self.text}`"
        self.name = f"handbook:{self.name}"
        found, messages = super().run()
        for node in found:
            if isinstance(node, addnodes.pending_xref):
                node["handbook_written"] = written
        return found, messages


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
            texts[source] = (sources.page_text(app.env, app.env.docname) if source == page else
                             model.read_source(Path(source))[0] if Path(source).is_file() else "").split("\n")
        found = rules.role_lines(texts[source], line - 1, [ref["handbook_written"] for ref in refs])
        for ref, index in zip(refs, found):
            ref.source, ref.line = source, index + 1
            del ref["handbook_written"]
    for ref in doctree.findall(nodes.Element):
        if "handbook_refused" not in ref:
            continue
        diagnostics.warn(ref["handbook_refused"], "markup", ref)
        del ref["handbook_refused"]


class HandbookDomain(Domain):
    name = "handbook"
    label = "A Better Way handbook"
    object_types = {kind: ObjType(label, kind) for kind, label in TARGET_KINDS.items()}
    roles = {kind: XRefRole(innernodeclass=nodes.inline) for kind in TARGET_KINDS}
    initial_data = {"pages": {}}
    data_version = 1

    _index: dict[str, dict[str, tuple]] | None = None

    @property
    def pages(self) -> dict[str, dict[str, Any]]:
        """docname → the page's record: kind, slug, title, and for meetings their facts."""
        return self.data.setdefault("pages", {})

    def page(self, docname: str) -> dict[str, Any]:
        self._index = None
        return self.pages.setdefault(docname, {"speakers": [], "keypoints": []})

    def note_page(self, docname: str, **facts: Any) -> None:
        self.page(docname).update(facts)

    def note_speaker(self, docname: str, speaker: dict[str, str]) -> None:
        self.page(docname)["speakers"].append(speaker)

    def note_keypoint(self, docname: str, keypoint: dict[str, str]) -> None:
        self.page(docname)["keypoints"].append(keypoint)

    def clear_doc(self, docname: str) -> None:
        self._index = None
        self.pages.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        self._index = None
        for docname in docnames:
            if docname in otherdata["pages"]:
                self.pages[docname] = otherdata["pages"][docname]

    @property
    def index(self) -> dict[str, dict[str, tuple]]:
        """kind → slug → (docname, anchor, title), built once per change of the data."""
        if self._index is None:
            index: dict[str, dict[str, tuple]] = {kind: {} for kind in TARGET_KINDS}
            for docname in sorted(self.pages):
                page = self.pages[docname]
                if page.get("kind") in index and page.get("slug"):
                    index[page["kind"]].setdefault(page["slug"], (docname, "", page["title"]))
                for point in page["keypoints"]:
                    title = f"{page.get('title', docname)}, key point {point['number']}"
                    for name in filter(None, (point["anchor"], point["label"])):
                        index["keypoint"].setdefault(name, (docname, point["anchor"], title))
            self._index = index
        return self._index

    def meetings(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(docname, record) of every meeting, in document order."""
        for docname in sorted(self.pages):
            if self.pages[docname].get("kind") == "meeting":
                yield docname, self.pages[docname]

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        found = self.index.get(typ, {}).get(target)
        if found is None:
            diagnostics.warn(diagnostics.unknown_target(TARGET_KINDS[typ], target, self.index.get(typ, {})), "ref", node)
            # Returning the text itself marks the reference handled, so `-n` adds no second warning.
            return nodes.inline(contnode.astext(), contnode.astext())
        docname, anchor, title = found
        if not node.get("refexplicit"):
            contnode = nodes.inline(title, title, classes=contnode["classes"])
        return make_refnode(builder, fromdocname, docname, anchor, contnode, title)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        results = []
        for typ in TARGET_KINDS:
            if target in self.index[typ]:
                ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
                results.append((f"handbook:{typ}", ref))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for typ, targets in self.index.items():
            for slug, (docname, anchor, title) in sorted(targets.items()):
                yield slug, title, typ, docname, anchor, 1


def handbook_domain(env: BuildEnvironment) -> HandbookDomain:
    """The handbook's domain of `env`, typed: Sphinx's `get_domain` is typed to return a `Domain`."""
    return cast("HandbookDomain", env.get_domain("handbook"))
