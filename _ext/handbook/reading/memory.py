"""What the build keeps in memory, so that a page costs the same in an archive of thousands.

Measured on a synthetic archive of 3,000 notes (`make bench`), a serial build spent about a
quarter of its time in Python's full garbage collections: each walks every object alive, and a
serial build keeps every page it has read in memory, as docutils trees, until it writes it.
Letting those trees go (Sphinx reads them back from the pickles it has written anyway, as it
does for `-j` and incremental builds) and collecting young objects less often took the
3,000-note build from about 95 s to 65 s, with less memory at its peak.

A rebuild loads the environment of the build before it (every page's data, a million objects at
1,000 notes) and changes a few pages of it: its full collections walked that whole environment
for nothing, a sixth of a one-note rebuild. What is loaded is set aside from collection while
the build runs.
"""

from __future__ import annotations

import gc

from docutils import nodes
from sphinx.application import Sphinx

#: Allocations between collections of the youngest objects. With Python's default (700), a
#: full collection may follow every 70,000 or so, each walking every object alive; a build
#: allocates hundreds of millions, most short-lived, which the younger collections still free.
YOUNG_THRESHOLD = 10_000


def collect_less(app: Sphinx, config) -> None:
    """config-inited: collect young objects less often (the other thresholds stay Python's)."""
    young, middle, oldest = gc.get_threshold()
    gc.set_threshold(max(YOUNG_THRESHOLD, young), middle, oldest)


def loaded_environment_kept(app: Sphinx) -> None:
    """builder-inited, first: every object alive now (the environment loaded, the modules) is
    left out of collections until the build ends (`gc.freeze`)."""
    gc.freeze()


def collect_all_again(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: what was set aside is collected as usual again (a preview process builds
    many times)."""
    gc.unfreeze()


def forget_read_pages(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: a serial build keeps each page it has read for writing (a private cache of
    Sphinx's, hence the guard); the handbook lets the pages read so far go, and the writer reads
    each back from its pickle."""
    cache = getattr(app.env, "_write_doc_doctree_cache", None)
    if isinstance(cache, dict):
        cache.clear()
