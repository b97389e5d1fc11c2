"""Rows of a printed guide, built as `make guide THEME=health` builds it: Sphinx's LaTeX build of
that one document, then xelatex through latexmk; and the guide's pages."""

from __future__ import annotations

from pypdf import PdfReader

from .measure import Size, sphinx_build, timed_run
from .table import Figure

THEME = "health"
#: `make pdf`'s options for the Makefile Sphinx writes next to the `.tex` files.
LATEX_OPTIONS = ["LATEXMKOPTS=-quiet", "LATEXOPTS=-interaction=nonstopmode -halt-on-error"]


def rows(size: Size) -> list[Figure]:
    pdf = f"guide-{THEME}.pdf"
    latex = sphinx_build(size.handbook_src, size.workdir / "out" / "latex", "1", "latex",
                         "-D", f"handbook_print=guide-{THEME}")
    seconds, cpu, _ = timed_run(["make", "-C", str(latex.outdir), *LATEX_OPTIONS, pdf], latex.outdir)
    pages = len(PdfReader(latex.outdir / pdf).pages)
    meetings = sum(1 for note in size.archive.notes if THEME in note.themes)
    return [
        Figure("latex_seconds", f"guide of one theme ({THEME}), Sphinx LaTeX build", latex.seconds, "s",
               cpu=latex.cpu_seconds),
        Figure("guide_seconds", f"guide of one theme ({THEME}), xelatex through latexmk", seconds, "s", cpu=cpu),
        Figure("guide_pages", "that guide's pages", pages, ""),
        Figure("guide_meetings", "that guide's meetings", meetings, ""),
    ]
