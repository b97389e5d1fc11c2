extensions = ["myst_parser", "sphinxcontrib.bibtex", "handbook"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["references.bib"]
project = "Specials & 100% handbook"
author = "A $5 ~ {network} #1"
