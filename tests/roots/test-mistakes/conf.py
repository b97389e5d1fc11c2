extensions = ["myst_parser", "handbook"]
myst_enable_extensions = ["colon_fence"]
html_theme = "pydata_sphinx_theme"
