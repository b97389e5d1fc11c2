"""`make bench` cannot rot: its synthetic archive is the same for a seed, grows by adding notes and
holds what real notes hold (built clean, and the whole benchmark run: tests/sphinx/test_bench.py)."""

from __future__ import annotations

from collections import Counter

from bench import archive, project


def notes_written(notes: archive.Archive, dest) -> dict:
    project.write(notes, dest)
    return {
        str(path.relative_to(dest)): path.read_text(encoding="utf-8")
        for path in dest.glob("cells/*/*.md")
        if path.name != "index.md"
    }


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
