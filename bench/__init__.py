"""`make bench`: the handbook built at 300, 1,000 and 3,000 synthetic notes, against plain Sphinx.

The synthetic archive is written with the handbook's own model (`_ext/handbook/content/names.py` and
`dates.py`), so its slugs and dates are the ones the extension computes.
"""
