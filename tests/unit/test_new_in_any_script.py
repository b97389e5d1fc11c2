"""`make new` with a title in any script: a readable file name, or a slug asked for (the root of
every script built: tests/sphinx/test_scripts.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import PROJECT

ROOT = PROJECT / "tests" / "roots" / "test-scripts"
CELL = "cells/sharing-and-building-power"


@pytest.mark.parametrize(
    ("title", "file"),
    [
        ("Straße parties in Łódź", "2023-07-01-strasse-parties-in-lodz.md"),
        ("Соседи помогают", "2023-07-01-sosedi-pomogayut.md"),
        ("同舟共济", "2023-07-01-tong-zhou-gong-ji.md"),
        ("Cheers all round 🙏", "2023-07-01-cheers-all-round.md"),
    ],
)
def test_a_new_note_gets_a_readable_file_name_from_any_title(tmp_path, title, file):
    shutil.copytree(ROOT, tmp_path / "root")
    result = make_new(tmp_path / "root", TITLE=title)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "root" / CELL / file).read_text(encoding="utf-8").count(f"# {title}") == 1


def test_a_title_with_no_letters_for_a_file_name_takes_the_slug_given(tmp_path):
    shutil.copytree(ROOT, tmp_path / "root")
    refused = make_new(tmp_path / "root", TITLE="🙏🙏")
    assert refused.returncode != 0
    assert "give one with --slug" in refused.stderr
    given = make_new(tmp_path / "root", TITLE="🙏🙏", SLUG="thanks")
    assert given.returncode == 0, given.stderr
    assert (tmp_path / "root" / CELL / "2023-07-01-thanks.md").exists()


def make_new(root: Path, **values: str) -> subprocess.CompletedProcess:
    """`make new` as an editor runs it, in a copy of the root (the Makefile's recipe, run there)."""
    shutil.copy(PROJECT / "requirements.txt", root)  # the Makefile names its setup stamp from it
    env = {**os.environ, "CELL": "sharing-and-building-power", "DATE": "2023-07-01", **values}
    env.pop("MAKEFLAGS", None)
    return subprocess.run(
        [
            "make",
            "-s",
            "-f",
            str(PROJECT / "Makefile"),
            "new",
            f"VENV={Path(sys.executable).parent.parent}",
            f"STAMP={Path(sys.executable).parent.parent}/.stamp-for-tests",
            "-o",
            "setup",
            "-o",
            "debian",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(PROJECT / "_ext")},
        check=False,
    )
