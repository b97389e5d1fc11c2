"""Rows of a printed guide, built as `make guide THEME=health` builds it: Sphinx's LaTeX build of
that one document, then `python -m handbook typeset` (latexmk, paranoid and time-limited); and
the guide's pages."""

from __future__ import annotations

import sys

from pypdf import PdfReader

from .measure import Size, sphinx_build, timed_run
from .table import Figure

THEME = "health"


def rows(size: Size) -> list[Figure]:
    pdf = f"guide-{THEME}.pdf"
    latex = sphinx_build(
        size.handbook_src, size.workdir / "out" / "latex", "1", "latex", "-D", f"handbook_select=theme={THEME}"
    )
    seconds, cpu, _ = timed_run(
        [
            sys.executable,
            "-m",
            "handbook",
            "typeset",
            "--root",
            str(size.handbook_src),
            "--latex",
            str(latex.outdir),
            f"guide-{THEME}",
        ],
        size.handbook_src,
    )
    pages = len(PdfReader(latex.outdir / pdf).pages)
    meetings = sum(1 for note in size.archive.notes if THEME in note.themes)
    return [
        Figure(
            "latex_seconds",
            f"guide of one theme ({THEME}), Sphinx LaTeX build",
            latex.seconds,
            "s",
            cpu=latex.cpu_seconds,
        ),
        Figure("guide_seconds", f"guide of one theme ({THEME}), xelatex through latexmk", seconds, "s", cpu=cpu),
        Figure("guide_pages", "that guide's pages", pages, ""),
        Figure("guide_meetings", "that guide's meetings", meetings, ""),
    ]
