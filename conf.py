"""Sphinx configuration of the A Better Way handbook."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "A Better Way handbook"
author = "A Better Way"
copyright = "A Better Way"
language = "en"

extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "handbook"]
exclude_patterns = ["_build", ".venv", "tests", "README.md", "bench", ".pytest_cache"]

myst_enable_extensions = ["colon_fence"]

bibtex_bibfiles = ["references.bib"]

html_theme = "pydata_sphinx_theme"
html_title = "A Better Way handbook"
html_static_path = ["_static"]
html_theme_options = {
    "navbar_align": "left",
    "show_nav_level": 1,
    "navigation_depth": 2,
    "secondary_sidebar_items": ["page-toc"],
}
