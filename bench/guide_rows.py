"""Rows of the printed guides: Sphinx's LaTeX build (the handbook and every guide's `.tex`), then
one theme's guide through xelatex as `make guide THEME=health` runs it, and its pages."""

from __future__ import annotations

from pypdf import PdfReader

from .measure import Size, sphinx_build, timed_run
from .table import Figure

THEME = "health"
#: `make pdf`'s options for the Makefile Sphinx writes next to the `.tex` files.
LATEX_OPTIONS = ["LATEXMKOPTS=-quiet", "LATEXOPTS=-interaction=nonstopmode -halt-on-error"]


def rows(size: Size) -> list[Figure]:
    latex = sphinx_build(size.handbook_src, size.workdir / "out" / "latex", builder="latex")
    pdf = f"guide-{THEME}.pdf"
    seconds, cpu, _ = timed_run(["make", "-C", str(latex.outdir), *LATEX_OPTIONS, pdf], latex.outdir)
    pages = len(PdfReader(latex.outdir / pdf).pages)
    meetings = sum(1 for note in size.archive.notes if THEME in note.themes)
    return [
        Figure("latex_seconds", "Sphinx LaTeX build (the handbook and every guide)", latex.seconds, "s",
               cpu=latex.cpu_seconds),
        Figure("guide_seconds", f"guide of one theme ({THEME}), xelatex through latexmk", seconds, "s", cpu=cpu),
        Figure("guide_pages", "that guide's pages", pages, ""),
        Figure("guide_meetings", "that guide's meetings", meetings, ""),
    ]
