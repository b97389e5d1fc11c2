"""`make bench` cannot rot: its synthetic archive is the markup editors write and builds clean,
and the whole benchmark runs end to end on a small archive."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

from conftest import PROJECT

from bench import archive, project
from bench.table import TARGETS


def notes_written(notes: archive.Archive, dest) -> dict:
    project.write(notes, dest)
    return {str(path.relative_to(dest)): path.read_text(encoding="utf-8")
            for path in dest.glob("cells/*/*.md") if path.name != "index.md"}


def test_the_archive_is_the_same_for_a_seed_and_grows_by_adding_notes(tmp_path):
    small = notes_written(archive.archive(20, seed=3), tmp_path / "small")
    assert notes_written(archive.archive(20, seed=3), tmp_path / "again") == small
    assert small.items() <= notes_written(archive.archive(40, seed=3), tmp_path / "large").items()
    assert notes_written(archive.archive(20, seed=4), tmp_path / "other") != small


def precision(date: str) -> str:
    return {0: "year", 1: "month", 2: "day"}[date.count("-")] if date else "undated"


def test_the_archive_holds_what_real_notes_hold():
    notes = archive.archive(300).notes
    assert set(Counter(precision(note.date) for note in notes)) == {"day", "month", "year", "undated"}
    assert len({note.cell for note in notes}) == 20 and len({theme for note in notes for theme in note.themes}) == 8
    appearances = Counter(speaker.person for note in notes for speaker in note.speakers)
    assert 100 <= len(appearances) <= 300 and appearances.most_common(1)[0][1] >= 30
    assert any(speaker.name != archive.people(1)[speaker.person].name for note in notes for speaker in note.speakers)


def test_bench_runs_end_to_end_on_a_small_archive(tmp_path):
    """Twenty notes, every row: each build runs with -W, so a warning in the archive fails here."""
    done = subprocess.run([sys.executable, "-m", "bench", "--sizes", "20", "--json", str(tmp_path / "bench.json")],
                          cwd=PROJECT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))["sizes"]["20"]
    assert figures["pages"]["value"] > 20 + 20 + 8
    for key in ("handbook_j1_seconds", "baseline_jauto_seconds", "edited_seconds", "added_seconds", "handbook_j1_rss"):
        assert figures[key]["value"] > 0
    table = done.stdout.splitlines()
    assert table[0] == "| | 20 notes | target |"
    assert any(line.startswith("| handbook / baseline, `-j 1` |") for line in table)
    # Every target's figure is measured, but the cost per added note, which needs two sizes.
    assert {target.key for target in TARGETS} - set(figures) == {"marginal_ms"}
