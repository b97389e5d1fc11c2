"""Drawing a listing as plain docutils nodes, which the HTML and LaTeX writers both know: the box,
its heading and a list of one item per row (`listed`), links, and a meeting's item."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from docutils import nodes
from sphinx.util.nodes import make_refnode

from handbook.listings.catalogue import MeetingRow, display_date
from handbook.listings.kinds import Spec

R = TypeVar("R")
EMPTY = "Nothing here yet."


def link(builder, fromdocname: str, docname: str, anchor: str, text: str) -> nodes.Node:
    return make_refnode(builder, fromdocname, docname, anchor, nodes.inline(text, text), text)


def meeting_item(builder, fromdocname: str, row: MeetingRow, prefix: str = "") -> nodes.list_item:
    paragraph = nodes.paragraph()
    if prefix:
        paragraph += nodes.strong(prefix + ": ", prefix + ": ")
    paragraph += link(builder, fromdocname, row.docname, row.anchor, row.title)
    details = f" — {display_date(row.date)} · {row.cell}"
    paragraph += nodes.inline(details, details, classes=["handbook-listing-details"])
    return nodes.list_item("", paragraph)


def as_list(items: nodes.bullet_list, rows: Sequence[Any], spec: Spec) -> list[nodes.Node]:
    return [items]


def listed(
    item: Callable[[Any, str, R], nodes.list_item],
    *,
    hidden_when_empty: bool = False,
    arrange: Callable[[nodes.bullet_list, Sequence[R], Spec], list[nodes.Node]] = as_list,
) -> Callable[[Any, str, Spec, Sequence[R]], list[nodes.Node]]:
    """A listing's drawing: a box, its heading if it has one, then `item` of each row in a list
    (`arrange` may group the list or add to it), or "Nothing here yet.". A generated listing
    `hidden_when_empty` (one of the website's navigation) is left out when it has no row."""

    def draw(builder, fromdocname: str, spec: Spec, rows: Sequence[R]) -> list[nodes.Node]:
        box = nodes.container(classes=["handbook-listing", f"handbook-listing-{spec['kind']}"])
        if spec.get("heading"):
            if not rows and hidden_when_empty:
                return []
            box += nodes.rubric(spec["heading"], spec["heading"], classes=["handbook-listing-heading"])
        if not rows:
            box += nodes.paragraph(EMPTY, EMPTY, classes=["handbook-empty"])
            return [box]
        items = nodes.bullet_list()
        for row in rows:
            items += item(builder, fromdocname, row)
        box.extend(arrange(items, rows, spec))
        return [box]

    return draw


def counted_item(builder, fromdocname: str, docname: str, anchor: str, name: str, count: int) -> nodes.list_item:
    """A link to a page and how many meetings it lists: "Ann Example (2 meetings)"."""
    paragraph = nodes.paragraph()
    paragraph += link(builder, fromdocname, docname, anchor, name)
    noun = "meeting" if count == 1 else "meetings"
    paragraph += nodes.inline(f" ({count} {noun})", f" ({count} {noun})")
    return nodes.list_item("", paragraph)
