"""Rows of the HTML build: clean builds against the baseline, per-page cost, memory, and
incremental builds after the two edits editors make most (a note's text, a new note)."""

from __future__ import annotations

from .archive import drawn_note
from .measure import Build, Size
from .project import note_text
from .table import Figure

EDIT = "\n\nA sentence added to the note after the meeting.\n"


def timed(key: str, label: str, build: Build, clean: Build | None = None) -> Figure:
    """Seconds of a build by the clock and in CPU time; a rebuild also as a share of `clean`."""
    if clean is None:
        return Figure(key, label, build.seconds, "s", cpu=build.cpu_seconds)
    return Figure(
        key,
        label,
        build.seconds,
        "s",
        build.seconds / clean.seconds,
        build.cpu_seconds,
        build.cpu_seconds / clean.cpu_seconds,
    )


def clean_builds(size: Size) -> list[Figure]:
    """Each handbook build is followed at once by the baseline's, so both see the same load."""
    builds = {jobs: (size.clean("handbook", jobs), size.clean("baseline", jobs)) for jobs in ("1", "auto")}
    figures = [Figure("pages", "pages built (notes, cells, themes, people, years…)", size.pages, "")]
    for jobs, (handbook, plain) in builds.items():
        figures += [
            timed(f"handbook_j{jobs}_seconds", f"handbook, clean build, `-j {jobs}`", handbook),
            timed(f"baseline_j{jobs}_seconds", f"baseline, clean build, `-j {jobs}`", plain),
            Figure(
                f"ratio_j{jobs}",
                f"handbook / baseline, `-j {jobs}`",
                handbook.seconds / plain.seconds,
                "×",
                cpu=handbook.cpu_seconds / plain.cpu_seconds,
            ),
        ]
    handbook = builds["1"][0]
    figures.append(
        Figure(
            "per_note_ms",
            "handbook, clean serial build, per note",
            1000 * handbook.seconds / size.notes,
            "ms",
            cpu=1000 * handbook.cpu_seconds / size.notes,
        )
    )
    for flavour, serial in zip(("handbook", "baseline"), builds["1"], strict=True):
        key = "per_page_ms" if flavour == "handbook" else "baseline_per_page_ms"
        figures.append(
            Figure(
                key,
                f"{flavour}, clean serial build, per page",
                1000 * serial.seconds / size.pages,
                "ms",
                cpu=1000 * serial.cpu_seconds / size.pages,
            )
        )
    for jobs, (handbook, plain) in builds.items():
        figures += [
            Figure(f"handbook_j{jobs}_rss", f"peak memory, handbook, `-j {jobs}`", handbook.peak_rss_mib, "MiB"),
            Figure(f"baseline_j{jobs}_rss", f"peak memory, baseline, `-j {jobs}`", plain.peak_rss_mib, "MiB"),
        ]
    return figures


def incremental_builds(size: Size) -> list[Figure]:
    """Serial rebuilds in the clean serial build's folder, as a share of that clean build. The
    first changes nothing: what any rebuild costs before it writes a page."""
    unchanged, plain_unchanged = size.rebuild("handbook"), size.rebuild("baseline")
    note = size.archive.notes[len(size.archive.notes) // 2]
    for src in (size.handbook_src, size.baseline_src):
        with open(src / f"{note.docname}.md", "a", encoding="utf-8") as stream:
            stream.write(EDIT)
    edited, plain = size.rebuild("handbook"), size.rebuild("baseline")
    extra = drawn_note(size.seed, size.notes)
    (size.handbook_src / f"{extra.docname}.md").write_text(note_text(size.archive, extra), encoding="utf-8")
    added = size.rebuild("handbook")
    clean, plain_clean = size.clean("handbook"), size.clean("baseline")
    return [
        timed("unchanged_seconds", "handbook, rebuild with nothing changed", unchanged, clean),
        timed("baseline_unchanged_seconds", "baseline, rebuild with nothing changed", plain_unchanged, plain_clean),
        timed("edited_seconds", "handbook, rebuild after one note's text is edited", edited, clean),
        timed(
            "added_seconds", f"handbook, rebuild after one note is added to a theme ({extra.themes[0]})", added, clean
        ),
        timed("baseline_edited_seconds", "baseline, rebuild after one note's text is edited", plain, plain_clean),
    ]
