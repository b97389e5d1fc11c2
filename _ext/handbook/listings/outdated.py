"""Which pages to write again after reading: what a page shows of others is summarised by its
signature (`page_signature`), and every page whose signature changed is written again
(`env-updated`). That is how an incremental build ends up equal to a clean one without reading
pages again, and how editing one note costs the same at any size of archive."""

from __future__ import annotations

import dataclasses
import hashlib

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from handbook.content.records import Page
from handbook.domain import handbook_domain
from handbook.listings import kinds
from handbook.listings.catalogue import Catalogue, catalogue, ref_targets

#: What a page shows of others, rather than what others show of it.
OWN = ("listings", "refs")


def page_signature(env: BuildEnvironment, cat: Catalogue, docname: str, page: Page) -> str:
    """A hash (SHA-1, hex) of everything on the page that comes from other pages."""
    domain = handbook_domain(env)
    shown: list[list] = [list(kinds.rows(cat, docname, spec)) for spec in page.listings]
    shown.append([domain.index.get(kind, {}).get(target) for kind, target in page.refs])
    return hashlib.sha1(repr(shown).encode()).hexdigest()


def fingerprints(page: Page) -> tuple[str, str]:
    """Hashes (SHA-1, hex) of what other pages can show of this page, and of what it shows of others."""
    facts = sorted(
        (field.name, getattr(page, field.name)) for field in dataclasses.fields(page) if field.name not in OWN
    )
    own = [getattr(page, name) for name in OWN]
    return hashlib.sha1(repr(facts).encode()).hexdigest(), hashlib.sha1(repr(own).encode()).hexdigest()


def outdated_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated: the pages whose listings or reference titles changed must be written again.

    When no page's facts changed (an edit of a note's text, the usual edit), only pages that
    changed what they show can show something new: the rest keep their signatures, so editing
    one note costs the same at any size of archive. Fingerprints and link targets are computed again
    for the pages read in this build only."""
    domain = handbook_domain(env)
    before = domain.recall("fingerprints")
    targets_before = domain.recall("ref_targets", {})
    # The registry (names, aliases, family names) changes what every listing shows: then all are
    # looked at, as when any page's facts changed.
    registry_changed = domain.tree_changed
    before = {} if before is None or registry_changed else before
    read = {docname for docname in domain.read if docname in domain.pages} | (domain.pages.keys() - before.keys())
    now = {
        docname: fingerprints(page) if docname in read else before[docname] for docname, page in domain.pages.items()
    }
    domain.remember("fingerprints", now)
    facts_kept = bool(before) and before.keys() == now.keys() and all(before[d][0] == now[d][0] for d in read)
    signatures = domain.recall("signatures", {})
    # Where a page's references lead changes only with the page, unless some page's facts changed.
    targets = {
        docname: targets_before[docname]
        if facts_kept and docname not in read and docname in targets_before
        else ref_targets(domain, page)
        for docname, page in domain.pages.items()
    }
    domain.remember("ref_targets", targets)
    if facts_kept:
        todo = [docname for docname in now if before[docname][1] != now[docname][1]]
        # A page that links elsewhere anew, or no longer, changes the backlinks of what it linked to.
        todo += [
            target
            for docname in list(todo)
            for target in {*targets.get(docname, []), *targets_before.get(docname, [])}
            if target in now
        ]
        todo = list(dict.fromkeys(todo))
        state = {docname: signature for docname, signature in signatures.items() if docname in now}
    else:
        todo, state = list(now), {}
    cat = catalogue(env)
    for docname in todo:
        page = domain.pages[docname]
        state.pop(docname, None)
        if page.listings or page.refs:
            state[docname] = page_signature(env, cat, docname, page)
    domain.remember("signatures", state)
    return sorted(docname for docname, signature in state.items() if signatures.get(docname) != signature)
