"""`python -m handbook new meeting` writes a note that Sphinx builds without a warning (what it
writes and refuses without a build: tests/unit/test_cli.py)."""

from __future__ import annotations

from handbook.checking import checks
from helpers import warnings
from helpers.cli import run


def test_new_meeting_writes_a_note_that_checks_and_builds_clean(root, capsys, make_app):
    status, out, _ = run(
        root,
        "new",
        "meeting",
        "--cell",
        "joining-forces",
        "--date",
        "2023-05",
        "--title",
        "Alliances that work",
        "--themes",
        "health,power",
        capsys=capsys,
    )
    assert status == 0
    note = root / "cells/joining-forces/2023-05-alliances-that-work.md"
    assert out.startswith("Wrote cells/joining-forces/2023-05-alliances-that-work.md.")
    text = note.read_text(encoding="utf-8")
    assert text.startswith("---\ndate: 2023-05\nthemes: [health, power]  # theme slugs")
    assert "\n# Alliances that work\n" in text
    for example in (":::{speaker}", ":::{keypoints}", "{meeting}`", "{keypoint}`alliances-that-work-kp-1`"):
        assert f"% {example}" in text or example in text
    assert checks.check_tree(root).problems == []
    app = make_app("html", srcdir=root)
    app.build()
    assert warnings(app) == []
