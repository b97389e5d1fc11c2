extensions = ["myst_parser", "handbook"]
myst_enable_extensions = ["colon_fence"]
project = "Every script"
author = "A Better Way"
html_theme = "pydata_sphinx_theme"
