"""The printed documents' settings, known before the builder reads its configuration: xelatex,
the paper, the style (`handbook.sty`), page references and the index of people."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from handbook import diagnostics
from handbook.content import fonts

FOLDER = "guides"
HANDBOOK = "handbook"
STYLE = Path(__file__).parent / "handbook.sty"

LATEX_ELEMENTS = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    # Read on screen as often as printed: no blank pages to start chapters on the right.
    "extraclassoptions": "openany,oneside",
    # Noto for the text, a font of its own for each other script (fonts.py).
    "fontpkg": fonts.latex_setup(),
    "fncychap": "",
    # LaTeX nests lists and quotes 6 deep; a note may nest them as deep as Markdown reads (20,
    # scanner.BLOCK_NESTING), and a document must not fail on one.
    "maxlistdepth": "24",
    "maketitle": "\\handbookcover",
    # The index of people is a domain index; there is no general index.
    "makeindex": "",
    "printindex": "",
}


#: Paper sizes by `handbook_paper`: LaTeX's paper, type size and margins. A5 is booklet size
#: (an A4 sheet folded), so its type is a size smaller and its margins narrower.
PAPERS = {
    "a4": {"papersize": "a4paper", "pointsize": "11pt"},
    "a5": {"papersize": "a5paper", "pointsize": "10pt", "sphinxsetup": "hmargin={1.5cm,1.5cm}, vmargin={1.8cm,2cm}"},
    "letter": {"papersize": "letterpaper", "pointsize": "11pt"},
}


def print_settings(app: Sphinx, config: Config) -> None:
    """config-inited: xelatex (for the notes' characters), page numbers after references, the
    index of people, the handbook's style and paper (`handbook_paper`, one of `PAPERS`); and
    `guides/` left out of every build but LaTeX's."""
    config.exclude_patterns = [*config.exclude_patterns, FOLDER]
    paper = config.handbook_paper
    if paper not in PAPERS:
        diagnostics.warn(
            f"handbook_paper {paper!r} is not one of {', '.join(PAPERS)}: the documents are printed on A4", "guide"
        )
        paper = "a4"
    config.latex_engine = "xelatex"
    config.latex_show_pagerefs = True
    config.latex_domain_indices = ["handbook-people"]
    config.latex_additional_files = [*config.latex_additional_files, str(STYLE)]
    config.latex_elements = {**LATEX_ELEMENTS, **PAPERS[paper], **config.latex_elements}
