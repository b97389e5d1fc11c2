extensions = ["myst_parser", "sphinxcontrib.bibtex", "handbook"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["references.bib"]
html_theme = "pydata_sphinx_theme"
