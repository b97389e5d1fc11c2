"""An incremental build after any change to a note equals a clean build of the same tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT

NOTE = "cells/alpha/2023-05-two.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CHANGES = {
    "body": lambda src: edit(src / NOTE, "was a meeting.", "was a long meeting."),
    "date": lambda src: edit(src / NOTE, "date: 2023-05", "date: 2021-01-01"),
    "themes": lambda src: edit(src / NOTE, "themes: [health]", "themes: [care, power]"),
    "speakers": lambda src: edit(src / NOTE, ":::{speaker} Ann\n", ":::{speaker} Eve Evans\n:role: chair\n:::\n\n:::{speaker} Ann\n"),
    "title": lambda src: edit(src / NOTE, "# Alpha two", "# Alpha two, retitled"),
    "key points": lambda src: edit(src / NOTE, "- First point of Alpha two.", "- A new first point."),
    "added": lambda src: (src / "cells/beta/2023-06-01-new.md").write_text(
        "---\ndate: 2023-06-01\nthemes: [health]\n---\n# Beta new\n\n:::{speaker} Dee Dunn\n:::\n\nNew.\n", encoding="utf-8"),
    "removed": lambda src: (src / NOTE).unlink(),
    "theme page added": lambda src: (src / "themes/colour.md").write_text("# Colour\n", encoding="utf-8"),
}


def html_files(outdir: Path) -> dict[str, bytes]:
    return {str(path.relative_to(outdir)): path.read_bytes() for path in sorted(outdir.rglob("*.html"))}


def build(srcdir: Path, outdir: Path, parallel: int = 1) -> Path:
    """`sphinx-build` as an editor runs it, in its own process, so nothing carries over in memory."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-j", str(parallel), str(srcdir), str(outdir)],
                   check=True, env=env)
    return outdir


@pytest.mark.parametrize("change", CHANGES)
def test_incremental_build_equals_clean_build(rootdir, tmp_path, change):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-listings", src)
    build(src, tmp_path / "incremental")
    CHANGES[change](src)
    incremental = html_files(build(src, tmp_path / "incremental"))
    clean = html_files(build(src, tmp_path / "clean"))
    assert sorted(incremental) == sorted(clean)
    assert [name for name in clean if incremental[name] != clean[name]] == []


def test_parallel_build_equals_serial_build(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-listings", src)
    serial = html_files(build(src, tmp_path / "serial"))
    parallel = html_files(build(src, tmp_path / "parallel", parallel=2))
    assert sorted(serial) == sorted(parallel)
    assert [name for name in serial if serial[name] != parallel[name]] == []
