"""Key points one can cite, and links that say where they lead: on the website, each key point
shows its number as a link to itself (a script adds a button that copies that link), a key-points
block shows its `:attribution:`, and links to meetings, people and key points get a preview on
hover or focus (static/handbook-citing.js).

Only HTML builds are changed: what the handbook adds is marked `handbook-added`, so that nothing
of it is taken for the note's own words (tests/sphinx/test_fidelity.py) or indexed for search.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

#: A key point's anchor, `<meeting>-kp-<n>` (directives.KeypointsDirective).
KEYPOINT_ID = re.compile(r"-kp-(\d+)$")


def number_keypoints(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, HTML builds: each key point's number, linking to it; each block's attribution."""
    if app.builder.format != "html":
        return
    for box in doctree.findall(nodes.container):
        if "handbook-keypoints" not in box["classes"]:
            continue
        for item in box.findall(nodes.list_item):
            found = next(((name, match) for name in item["ids"] if (match := KEYPOINT_ID.search(name))), None)
            if found is None or "handbook-keypoint" not in item["classes"]:
                continue
            anchor, number = found[0], found[1].group(1)
            link = nodes.reference(
                "", number, refid=anchor, classes=["handbook-keypoint-number"], reftitle=f"Key point {number}: its link"
            )
            item.insert(0, nodes.inline("", "", link, classes=["handbook-keypoint-tools", "handbook-added"]))
        if box.get("attribution"):
            text = f"From: {box['attribution']}"
            box += nodes.paragraph(text, text, classes=["handbook-keypoints-attribution", "handbook-added"])
