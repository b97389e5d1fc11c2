"""Sphinx configuration of the A Better Way handbook."""

import contextlib
import io
import os
import subprocess
from pathlib import Path

project = "A Better Way handbook"
author = "A Better Way"
copyright = "A Better Way"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "sphinxext.opengraph",
    "notfound.extension",
    "handbook",
]
# _ext holds the extension and its templates; _editing the editors' guide's examples (included, not pages).
exclude_patterns = [
    "_build",
    ".venv",
    "tests",
    "README.md",
    "PUBLISHING.md",
    "SECURITY.md",
    "ARCHITECTURE.md",
    "CONTRIBUTING.md",
    "bench",
    ".pytest_cache",
    "_ext",
    "_editing",
]

myst_enable_extensions = ["colon_fence"]

bibtex_bibfiles = ["references.bib"]

# Printed guides besides one per theme: any selection of the website's facets (theme, cell,
# person, year), printed by `make` with the others and linked from the pages they select.
handbook_guides = [
    {"name": "health-leadership", "title": "Health in the Leadership cell", "theme": "health", "cell": "leadership"},
]

# Where the site is published: canonical links, the sitemap, feeds and link previews use it. Read
# the Docs gives its own; elsewhere none is guessed (a build without one says so, site.py).
html_baseurl = os.environ.get("HANDBOOK_BASEURL") or os.environ.get("READTHEDOCS_CANONICAL_URL") or ""
if html_baseurl and not html_baseurl.endswith("/"):  # an address typed without its final slash
    html_baseurl += "/"
ogp_site_url = html_baseurl
ogp_site_name = "A Better Way handbook"
# A card image per page would need matplotlib and cost time on every page: text previews only.
ogp_social_cards = {"enable": False}
# Imported without matplotlib, the extension prints "matplotlib is not installed, social cards will
# not be generated" on every build, which reads like an error; with cards off it says nothing useful.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401
# The handbook writes a meeting's description itself (its question or first paragraph).
ogp_enable_meta_description = False
# The 404 page is served at any address, so its links start from the site's root.
notfound_urls_prefix = "/" + html_baseurl.split("://", 1)[-1].partition("/")[2]
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>"
        "<p>There is no page at this address. It may have moved when the notes were reorganised.</p>"
        f'<p>Try the <a href="{notfound_urls_prefix}search.html">search</a>, or start from the '
        f'<a href="{notfound_urls_prefix}cells/index.html">cells</a>, '
        f'<a href="{notfound_urls_prefix}themes/index.html">themes</a> or '
        f'<a href="{notfound_urls_prefix}people/index.html">people</a>.</p>'
    ),
}
# "Last updated" dates come from git; outside a git checkout (an exported copy) pages simply have none.
if subprocess.run(["git", "-C", str(Path(__file__).parent), "rev-parse"], capture_output=True).returncode == 0:
    extensions.append("sphinx_last_updated_by_git")
    html_last_updated_fmt = "%-d %B %Y"

html_theme = "pydata_sphinx_theme"
html_title = "A Better Way handbook"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
# No general index (the notes define no index entries: it would be an empty page) and no HTML copy
# of the printed index of people, which the People page already is on the website.
html_use_index = False
html_domain_indices = False
html_theme_options = {
    "article_footer_items": ["last-updated"],
    "navbar_align": "left",
    "show_nav_level": 1,
    "navigation_depth": 2,
    "secondary_sidebar_items": ["page-toc"],
    # The theme's search box sends its words to the Pagefind search page (search.html).
    "search_bar_text": "Search the handbook…",
}
