"""`python -m handbook`: start a meeting note, a cell, a theme or a person from a template
(`new.py`), check the whole source tree in about a second, without building the site
(`check.py`), print the documents of a LaTeX build (`typeset.py`); `commands.py` reads the
command line and runs each, `serve` included (`preview.py`)."""
