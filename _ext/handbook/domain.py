"""The `handbook` domain: every cell, theme, meeting, person and key point the build has read.

Data is kept per document (`pages[docname]`) so that forgetting a document and merging the
results of parallel readers are one dictionary operation each; look-ups by slug go through an
index rebuilt once after the data changes, never by scanning per reference.

What a build settles once for all pages is kept here too, with the environment, so that the next
build can tell what changed: the tree every note is checked against (`tree`, `tree_changed`) and
the values handlers compare with the last build's (`remember`, `recall`: the printed documents,
the navigation's titles, …).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from handbook import diagnostics
from handbook.content.records import KeyPoint, Page, Speaker, Target
from handbook.content.tree import Tree

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

T = TypeVar("T")


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


class HandbookDomain(Domain):
    name = "handbook"
    label = "A Better Way handbook"
    object_types = {kind: ObjType(label, kind) for kind, label in TARGET_KINDS.items()}
    roles = {kind: XRefRole(innernodeclass=nodes.inline) for kind in TARGET_KINDS}
    initial_data = {"pages": {}}
    #: 3: pages, speakers, key points and targets are records (`content.records`), not dicts and tuples;
    #: 4: the notes' facts kept for person and year pages are `reading.pages.NoteFacts`
    data_version = 4

    _index: dict[str, dict[str, Target]] | None = None
    #: what `derived` made, and the index it was made for
    _derived: dict[Callable, Any]
    _derived_for: dict[str, dict[str, Target]] | None = None

    @property
    def pages(self) -> dict[str, Page]:
        """docname → the page's record (`content.records.Page`): kind, slug, title, and for
        meetings their facts."""
        return self.data.setdefault("pages", {})

    @property
    def tree(self) -> Tree:
        """What every note is checked against, read before any note is (`sources.note_tree`)."""
        return self.data["tree"]

    @property
    def tree_changed(self) -> bool:
        """Whether the tree differs from the last build's in what a note is checked against, so
        that notes nobody edited report otherwise and are read again."""
        return self.data.get("tree_changed", False)

    def note_tree(self, tree: Tree) -> None:
        before = self.data.get("tree")
        self.data["tree_changed"] = before is not None and before.signature() != tree.signature()
        self.data["tree"] = tree

    def note_reading(self, docnames: Iterable[str]) -> None:
        """The pages this build reads, and when reading began (microseconds since the epoch, as
        Sphinx notes when a page was read)."""
        self.data["read"] = sorted(docnames)
        self.data["read_started"] = time.time_ns() // 1_000

    @property
    def read(self) -> list[str]:
        """The pages the last reading read; every other page's facts are an earlier build's."""
        return self.data.get("read", [])

    @property
    def read_started(self) -> int | None:
        return self.data.get("read_started")

    def derived(self, make: Callable[[HandbookDomain], T]) -> T:
        """What `make` derives from the domain's data (`listings.catalogue.Catalogue`), made once per state
        of the data: again once a page is noted, forgotten or merged."""
        index = self.index
        if self._derived_for is not index:
            self._derived, self._derived_for = {}, index
        if make not in self._derived:
            self._derived[make] = make(self)
        return self._derived[make]

    def remember(self, key: str, value: Any) -> Any:
        """Keep `value` under `key` for the next build; return what the last build kept (None on a
        first build)."""
        before = self.data.get(key)
        self.data[key] = value
        return before

    def recall(self, key: str, default: Any = None) -> Any:
        """What this build, or else the last one, kept under `key`."""
        return self.data.get(key, default)

    def page(self, docname: str) -> Page:
        """The page's record, made if it is not yet noted, to be written to (the index is made again)."""
        self._index = None
        if docname not in self.pages:
            self.pages[docname] = Page()
        return self.pages[docname]

    def facts(self, docname: str) -> Page:
        """The page's record to read: an empty one, not kept, for a page the domain does not know."""
        return self.pages.get(docname) or Page()

    def note_page(self, docname: str, **facts: Any) -> None:
        self.page(docname).note(**facts)

    def note_speaker(self, docname: str, speaker: Speaker) -> None:
        self.page(docname).speakers.append(speaker)

    def note_keypoint(self, docname: str, keypoint: KeyPoint) -> None:
        self.page(docname).keypoints.append(keypoint)

    def clear_doc(self, docname: str) -> None:
        self._index = None
        self.pages.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        self._index = None
        for docname in docnames:
            if docname in otherdata["pages"]:
                self.pages[docname] = otherdata["pages"][docname]

    @property
    def index(self) -> dict[str, dict[str, Target]]:
        """kind → slug → `Target` (docname, anchor, title), built once per change of the data."""
        if self._index is None:
            index: dict[str, dict[str, Target]] = {kind: {} for kind in TARGET_KINDS}
            for docname in sorted(self.pages):
                page = self.pages[docname]
                if page.kind in index and page.slug:
                    index[page.kind].setdefault(page.slug, Target(docname, "", page.title))
                for point in page.keypoints:
                    title = f"{page.title}, key point {point.number}"
                    for name in filter(None, (point.anchor, point.label)):
                        index["keypoint"].setdefault(name, Target(docname, point.anchor, title))
            self._index = index
        return self._index

    def meetings(self) -> Iterator[tuple[str, Page]]:
        """(docname, record) of every meeting, in document order."""
        for docname in sorted(self.pages):
            if self.pages[docname].kind == "meeting":
                yield docname, self.pages[docname]

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        found = self.index.get(typ, {}).get(target)
        if found is None:
            diagnostics.warn(
                diagnostics.unknown_target(TARGET_KINDS[typ], target, self.index.get(typ, {})), "ref", node
            )
            # Returning the text itself marks the reference handled, so `-n` adds no second warning.
            return nodes.inline(contnode.astext(), contnode.astext())
        if not node.get("refexplicit"):
            contnode = nodes.inline(found.title, found.title, classes=contnode["classes"])
        return make_refnode(builder, fromdocname, found.docname, found.anchor, contnode, found.title)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        results = []
        for typ in TARGET_KINDS:
            if target in self.index[typ]:
                ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
                results.append((f"handbook:{typ}", ref))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for typ, targets in self.index.items():
            for slug, target in sorted(targets.items()):
                yield slug, target.title, typ, target.docname, target.anchor, 1


def handbook_domain(env: BuildEnvironment) -> HandbookDomain:
    """The handbook's domain of `env`, typed: Sphinx's `get_domain` is typed to return a `Domain`."""
    return cast("HandbookDomain", env.get_domain("handbook"))
