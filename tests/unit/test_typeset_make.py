"""Printing's parts that need no TeX: an image converter stopped at its time limit, and `make pdf`
and `make guide` with a stand-in Python (printing itself: tests/sphinx/test_typeset.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from helpers import PROJECT


def test_an_image_converter_that_takes_too_long_is_stopped():
    from handbook.latex import images

    started = time.monotonic()
    assert not images.run_converter(["sleep", "30"], time_limit=1)
    assert time.monotonic() - started < 10


def makefile_with_python(folder: Path) -> Path:
    """The project's Makefile in `folder`, set up already (its stamp in place), with a `.venv`
    whose Python the test writes: the folder for that Python."""
    shutil.copy(PROJECT / "Makefile", folder / "Makefile")
    for name in ("requirements.txt", "pyproject.toml"):
        shutil.copy(PROJECT / name, folder / name)
    venv = folder / ".venv" / "bin"
    venv.mkdir(parents=True)
    stamp = subprocess.run(
        "cat requirements.txt pyproject.toml | sha1sum",
        shell=True,
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout[:12]
    (folder / ".venv" / f".setup-{stamp}").touch()
    return venv


def test_make_never_repeats_a_stale_list_of_documents_not_printed(tmp_path):
    """`make` names the documents not printed by this run only, even when the LaTeX build stops
    before any is printed."""
    venv = makefile_with_python(tmp_path)
    # A Python whose Sphinx stops with an error.
    (venv / "python").write_text("#!/bin/sh\necho 'Extension error' >&2\nexit 2\n", encoding="utf-8")
    (venv / "python").chmod(0o755)
    (tmp_path / "_build" / "latex").mkdir(parents=True)
    (tmp_path / "_build" / "latex" / "not-printed.txt").write_text("guide-old.pdf: an old failure\n", encoding="utf-8")
    result = subprocess.run(["make", "--no-print-directory"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "guide-old.pdf" not in result.stdout + result.stderr
    assert "every document: Sphinx's LaTeX build stopped" in result.stdout


def test_paper_the_handbook_does_not_know_is_one_message_and_nothing_built(tmp_path):
    """`PAPER=a3 make guide` says once that nothing is printed, and builds nothing."""
    venv = makefile_with_python(tmp_path)
    (venv / "python").write_text("#!/bin/sh\ntouch ran\n", encoding="utf-8")
    (venv / "python").chmod(0o755)
    for target in ("guide", "pdf"):
        result = subprocess.run(
            ["make", "--no-print-directory", target],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PAPER": "a3", "THEME": "health"},
        )
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.splitlines()[0] == "PAPER=a3 is not one of a4, a5, letter: nothing is printed"
        assert "A4" not in result.stderr
        assert not (tmp_path / "ran").exists()
