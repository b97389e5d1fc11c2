"""Listings filled after every note is read: meetings, people, appearances, years, key-point
digests, related meetings and previous/next.

Each listing is a pure function of the domain data (`*_rows`), and what a page shows is
summarised by `page_signature`. After reading, every page whose signature changed is written
again (`env-updated`): that is how an incremental build ends up equal to a clean one without
re-reading pages, and how a page's cost stays independent of the archive's size (the grouped
catalogue is built once per build, not scanned per page).
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from handbook.checking import rules
from handbook.content import dates, names
from handbook.domain import HandbookDomain, handbook_domain
from handbook.reading.directives import AnyOption, options_checked, report
from handbook.reading.pages import UNDATED

#: The kinds of page whose references count as mentions (backlinks).
MENTIONING = ("meeting", "essay", "cell", "theme")
#: Related meetings shown at the end of a meeting page.
RELATED_LIMIT = 5
#: How many meetings' key points a theme's web page shows, unless `handbook_digest_meetings` says.
DIGEST_MEETINGS = 10


class listing(nodes.General, nodes.Element):
    """Placeholder for a listing; `spec` says which one. Replaced before any writer sees it."""


# Both are asked for every row of every listing, and an archive holds few distinct dates.
@functools.cache
def date_key(date: str) -> tuple[int, int, int]:
    """Newest first when sorted in reverse; undated sorts last."""
    return dates.PartialDate.parse(date).sort_key() if date else (0, 0, 0)


@functools.cache
def display_date(date: str) -> str:
    return dates.PartialDate.parse(date).display() if date else "undated"


class Catalogue:
    """The archive grouped once per build: meetings by cell, theme, person and year."""

    def __init__(self, domain: HandbookDomain) -> None:
        self.pages = domain.pages
        self.titles = {kind: {slug: entry[2] for slug, entry in targets.items()}
                       for kind, targets in domain.index.items()}
        self.index = domain.index
        self.people_docs = {slug: entry[0] for slug, entry in domain.index["person"].items()}
        self.families = {slug: person.family for slug, person in domain.tree.registry.items()}
        meetings = [(docname, page) for docname, page in domain.meetings()]
        meetings.sort(key=lambda item: (date_key(item[1].get("date", "")), item[1]["title"], item[0]), reverse=True)
        self.newest_first = [docname for docname, _ in meetings]
        self.by: dict[str, dict[str, list[str]]] = {key: defaultdict(list) for key in ("cell", "theme", "person", "year")}
        for docname in self.newest_first:
            page = self.pages[docname]
            self.by["cell"][page["cell"]].append(docname)
            for theme in page.get("themes", []):
                self.by["theme"][theme].append(docname)
            for person in dict.fromkeys(speaker["person"] for speaker in page["speakers"]):
                self.by["person"][person].append(docname)
            # Undated meetings are a group of the archive of their own (pages.UNDATED).
            self.by["year"][page["date"][:4] if page.get("date") else UNDATED].append(docname)
        # Without a date to order them, the undated group reads in title order.
        if UNDATED in self.by["year"]:
            self.by["year"][UNDATED].sort(key=lambda docname: (self.pages[docname]["title"].casefold(), docname))
        # Every meeting page asks for related meetings and its neighbours: what they are ranked
        # and found by is computed here, once, so no page sorts or searches the archive.
        self.recency = {docname: rank for rank, docname in enumerate(
            sorted(self.newest_first, key=lambda docname: (tuple(-part for part in date_key(
                self.pages[docname].get("date", ""))), docname)))}
        self.cell_position = {docname: position for in_cell in self.by["cell"].values()
                              for position, docname in enumerate(in_cell)}
        self.shown: dict[tuple, list[tuple]] = {}
        self.similarity: Similarity | None = None
        # Backlinks: the pages whose notes link to a meeting (or one of its key points) or a person.
        self.mentions: dict[str, list[str]] = defaultdict(list)
        # Worked out once per build by outdated_pages, for the pages read only.
        targets = domain.recall("ref_targets", {})
        for docname, page in sorted(self.pages.items()):
            # The notes' own words only: the editors' guide links to people in its examples.
            if page.get("kind") not in MENTIONING:
                continue
            found = targets[docname] if docname in targets else ref_targets(domain, page)
            for target in dict.fromkeys(found):
                if target != docname:
                    self.mentions[target].append(docname)

    def rows(self, docname: str, spec: dict) -> list[tuple]:
        """A listing's rows, computed once per build: signatures and pages ask for the same."""
        key = (docname, tuple(sorted(spec.items())))
        if key not in self.shown:
            self.shown[key] = ROWS[spec["kind"]](self, docname, spec)
        return self.shown[key]

    def meeting_row(self, docname: str) -> tuple:
        page = self.pages[docname]
        cell = page["cell"]
        return (docname, "", page["title"], page.get("date", ""), self.titles["cell"].get(cell, cell))

    def meetings(self, spec: dict[str, Any]) -> list[str]:
        """Meetings matching every filter given, newest first."""
        selected: list[str] | None = None
        for key in ("cell", "theme", "person", "year"):
            if spec.get(key):
                group = self.by[key].get(spec[key], [])
                if selected is None:
                    selected = group
                else:
                    members = set(group)
                    selected = [docname for docname in selected if docname in members]
        selected = self.newest_first if selected is None else selected
        return selected[: spec["limit"]] if spec.get("limit") else list(selected)


def meetings_rows(cat: Catalogue, docname: str, spec: dict) -> list[tuple]:
    return [cat.meeting_row(found) for found in cat.meetings(spec)]


def people_rows(cat: Catalogue, docname: str, spec: dict) -> list[tuple]:
    """Everyone with a page in family-name order (names.sort_key), with how many meetings they
    spoke at and the letter of the index they are filed under."""
    rows = []
    for slug, name in cat.titles["person"].items():
        family = cat.families.get(slug, "")
        rows.append((cat.people_docs[slug], "", name, len(cat.by["person"].get(slug, [])),
                     names.index_letter(name, family), names.sort_key(name, family)))
    return [row[:5] for row in sorted(rows, key=lambda row: (row[5], row[0]))]


def appearances_rows(cat: Catalogue, docname: str, spec: dict) -> list[tuple]:
    """Every appearance of one person: the meeting, and how the note named and described them."""
    rows = []
    for meeting in cat.by["person"].get(spec["person"], []):
        page = cat.pages[meeting]
        for speaker in page["speakers"]:
            if speaker["person"] == spec["person"]:
                rows.append(cat.meeting_row(meeting) + (speaker["anchor"], speaker["name"], speaker["role"], speaker["org"]))
    return rows


def digest_rows(cat: Catalogue, docname: str, spec: dict) -> list[tuple]:
    """The key points of a theme's meetings, newest meeting first, each with its anchor; with
    :limit:, those of the latest meetings that have key points."""
    meetings = [meeting for meeting in cat.meetings({"theme": spec["theme"]}) if cat.pages[meeting]["keypoints"]]
    return [
        (meeting, point["anchor"], point["text"], cat.pages[meeting]["title"], cat.pages[meeting].get("date", ""))
        for meeting in meetings[: spec.get("limit") or None]
        for point in cat.pages[meeting]["keypoints"]
    ]


def years_rows(cat: Catalogue, docname: str, spec: dict) -> list[tuple]:
    """Each year, newest first, then the undated meetings, with how many meetings each holds."""
    years = sorted(((year, found) for year, found in cat.by["year"].items() if year != UNDATED), reverse=True)
    if cat.by["year"].get(UNDATED):
        years.append((UNDATED, cat.by["year"][UNDATED]))
    return [(f"archive/{year}", "", "Undated" if year == UNDATED else year, len(found)) for year, found in years]


#: Words of at least this many letters describe a meeting; shorter ones are mostly grammar.
WORD = re.compile(r"[^\W\d_]{4,}")


def meeting_terms(page: dict) -> Counter[str]:
    """The words a meeting is known by: its title, question or opening words and key points
    (what the domain already holds, so a text edit elsewhere in a note leaves related meetings as
    they are)."""
    text = " ".join([page["title"], page.get("summary", ""), *(point["text"] for point in page["keypoints"])])
    return Counter(word.casefold() for word in WORD.findall(text))


class Similarity:
    """Cosine similarity of meetings' TF-IDF vectors (Salton & Buckley 1988, "Term-weighting
    approaches in automatic text retrieval": weight = tf × log(N / df)), built once per build and
    only when a meeting has too few related meetings by themes and speakers."""

    def __init__(self, pages: dict[str, dict], meetings: list[str]) -> None:
        terms = {docname: meeting_terms(pages[docname]) for docname in meetings}
        frequency = Counter(term for counted in terms.values() for term in counted)
        weight = {term: math.log(len(meetings) / count) for term, count in frequency.items()}
        self.vectors: dict[str, dict[str, float]] = {}
        for docname, counted in terms.items():
            vector = {term: tf * weight[term] for term, tf in counted.items() if weight[term] > 0}
            norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
            self.vectors[docname] = {term: value / norm for term, value in vector.items()}

    def nearest(self, docname: str, exclude: set[str], limit: int) -> list[str]:
        """Up to `limit` meetings most alike in words, most alike first; ties by name."""
        mine = self.vectors[docname]
        scores = {other: sum(value * vector.get(term, 0.0) for term, value in mine.items())
                  for other, vector in self.vectors.items() if other != docname and other not in exclude}
        return heapq.nsmallest(limit, (other for other, score in scores.items() if score > 0),
                               key=lambda other: (-scores[other], other))


def related_rows(cat: Catalogue, docname: str, spec: dict) -> list[tuple]:
    """Up to five meetings: first those sharing themes or speakers (other cells first, then the
    most shared, then the newest), then, if fewer, those most alike in words, so that every
    meeting leads on to others. The order never depends on reading order."""
    page = cat.pages[docname]
    scores: Counter[str] = Counter()
    # Counting runs in C (Counter.update); a speaker counts twice as much as a theme.
    for theme in set(page.get("themes", [])):
        scores.update(cat.by["theme"].get(theme, []))
    for person in {speaker["person"] for speaker in page["speakers"]}:
        scores.update(cat.by["person"].get(person, []) * 2)
    scores.pop(docname, None)
    cell, pages, recency = page["cell"], cat.pages, cat.recency
    ranked = heapq.nsmallest(
        RELATED_LIMIT, scores, key=lambda other: (pages[other]["cell"] == cell, -scores[other], recency[other]))
    if len(ranked) < RELATED_LIMIT:
        if cat.similarity is None:
            cat.similarity = Similarity(pages, cat.newest_first)
        ranked += cat.similarity.nearest(docname, set(ranked), RELATED_LIMIT - len(ranked))
    return [cat.meeting_row(other) for other in ranked]


def ref_targets(domain: HandbookDomain, page: dict) -> list[str]:
    """The documents a page's own `{meeting}`, `{person}` and `{keypoint}` references lead to (not
    its speaker cards' links to their speakers)."""
    return [domain.index[kind][target][0] for kind, target in page.get("mentions", [])
            if kind in ("meeting", "person", "keypoint") and target in domain.index.get(kind, {})]


def mentions_rows(cat: Catalogue, docname: str, spec: dict) -> list[tuple]:
    """The pages that link to this meeting or person: meetings newest first, then other pages
    by title."""
    found = cat.mentions.get(docname, [])
    meetings = [other for other in cat.newest_first if other in set(found)]
    others = sorted((other for other in found if cat.pages[other].get("kind") != "meeting"),
                    key=lambda other: (cat.pages[other]["title"].casefold(), other))
    return [cat.meeting_row(other) for other in meetings] + [(other, "", cat.pages[other]["title"], "", "")
                                                             for other in others]


def prevnext_rows(cat: Catalogue, docname: str, spec: dict) -> list[tuple]:
    """The previous (older) and next (newer) meeting of the same cell; undated ones come last."""
    in_cell = cat.by["cell"][cat.pages[docname]["cell"]]
    position = cat.cell_position[docname]
    older = in_cell[position + 1] if position + 1 < len(in_cell) else None
    newer = in_cell[position - 1] if position > 0 else None
    return [(label,) + cat.meeting_row(found) for label, found in (("Previous", older), ("Next", newer)) if found]


ROWS: dict[str, Callable[[Catalogue, str, dict], list[tuple]]] = {
    "meetings": meetings_rows,
    "people": people_rows,
    "appearances": appearances_rows,
    "digest": digest_rows,
    "years": years_rows,
    "related": related_rows,
    "prevnext": prevnext_rows,
    "mentions": mentions_rows,
}


#: listing kind → how it is drawn, for listings drawn otherwise than as a list (cards.py).
RENDERERS: dict[str, Callable[[Any, str, dict, list[tuple]], list[nodes.Node]]] = {}
#: (docname, root document) → [(heading, spec)] of further listings a page gets (cards.py).
PAGE_BLOCKS: list[Callable[[str, str], list[tuple[str, dict]]]] = []


def catalogue(env: BuildEnvironment) -> Catalogue:
    """One catalogue per state of the domain data (rebuilt only after it changes)."""
    return handbook_domain(env).derived(Catalogue)


# --- directives: each returns a placeholder and notes its spec on the page -------------------


class ListingDirective(SphinxDirective):
    """Base of the listing directives: the spec is the directive's name plus its options."""

    has_content = False
    optional_arguments = 1
    final_argument_whitespace = True
    argument_name = ""

    def run(self) -> list[nodes.Node]:
        options_checked(self)
        known = rules.DIRECTIVE_OPTIONS[self.name]
        spec = {key: value for key, value in self.options.items() if key in known and value not in (None, "")}
        if self.argument_name:
            if not self.arguments:
                report(self, rules.listing_problems(self.name, "", self.lineno))
                return []
            spec[self.argument_name] = self.arguments[0].strip()
        return [placeholder(self.env, self.name, spec)]


def placeholder(env: BuildEnvironment, kind: str, spec: dict) -> listing:
    spec = {"kind": kind, **spec}
    env.get_domain("handbook").page(env.docname).setdefault("listings", []).append(spec)
    return listing(spec=spec)


class MeetingsDirective(ListingDirective):
    """`meetings` with any of :cell: :theme: :person: :year: (combined) and :limit:."""

    option_spec = AnyOption(limit=directives.positive_int)
    optional_arguments = 0


class PeopleDirective(ListingDirective):
    option_spec = AnyOption()
    optional_arguments = 0


class YearsDirective(PeopleDirective):
    pass


class AppearancesDirective(ListingDirective):
    argument_name = "person"
    option_spec = AnyOption()


class DigestDirective(ListingDirective):
    argument_name = "theme"
    option_spec = AnyOption(limit=directives.positive_int)


# --- generated listings on cell, theme and meeting pages --------------------------------------


def add_generated(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: cells and themes list their meetings, meetings end with related meetings
    and previous/next; and every handbook reference is noted so a retitled target is relinked."""
    env = app.env
    domain = env.get_domain("handbook")
    page = domain.page(env.docname)
    kind, slug = page.get("kind"), page.get("slug")
    section = next(iter(doctree.findall(nodes.section)), doctree)
    blocks: list[tuple[str, dict]] = []
    if kind == "cell":
        blocks = [("Meetings", {"kind": "meetings", "cell": slug})]
    elif kind == "theme":
        # A theme's web page stays the same size as the archive grows: it shows the key points of
        # the latest meetings; its guide prints every key point, each in its meeting.
        blocks = [("Meetings", {"kind": "meetings", "theme": slug}),
                  ("Key points", {"kind": "digest", "theme": slug, "limit": app.config.handbook_digest_meetings})]
    elif kind == "meeting":
        blocks = [("Mentioned in", {"kind": "mentions"}), ("Related meetings", {"kind": "related"}),
                  ("In this cell", {"kind": "prevnext"})]
    elif kind == "person":
        blocks = [("Mentioned in", {"kind": "mentions"})]
    for more in PAGE_BLOCKS:
        blocks += more(env.docname, app.config.root_doc)
    for heading, spec in blocks:
        # A listing the page's editor wrote stands instead of the generated one, whatever its limit.
        what = {key: value for key, value in spec.items() if key != "limit"}
        if any(existing.items() >= what.items() for existing in page.get("listings", [])):
            continue
        section += placeholder(env, spec.pop("kind"), {**spec, "heading": heading})
    refs = [ref for ref in doctree.findall(addnodes.pending_xref) if ref.get("refdomain") == "handbook"]
    page["refs"] = sorted({(ref["reftype"], ref["reftarget"]) for ref in refs})
    # What the note's words link to: a speaker card's link to its speaker is not a mention.
    page["mentions"] = sorted({(ref["reftype"], ref["reftarget"]) for ref in refs if not in_speaker_card(ref)})


def in_speaker_card(node: nodes.Node) -> bool:
    while node is not None:
        if isinstance(node, nodes.Element) and "handbook-speaker" in node.get("classes", []):
            return True
        node = node.parent
    return False


# --- filling the placeholders ------------------------------------------------------------------


def link(builder, fromdocname: str, docname: str, anchor: str, text: str) -> nodes.Node:
    return make_refnode(builder, fromdocname, docname, anchor, nodes.inline(text, text), text)


def meeting_item(builder, fromdocname: str, row: tuple, prefix: str = "") -> nodes.list_item:
    docname, anchor, title, date, cell = row[:5]
    paragraph = nodes.paragraph()
    if prefix:
        paragraph += nodes.strong(prefix + ": ", prefix + ": ")
    paragraph += link(builder, fromdocname, docname, anchor, title)
    details = f" — {display_date(date)} · {cell}"
    paragraph += nodes.inline(details, details, classes=["handbook-listing-details"])
    return nodes.list_item("", paragraph)


def render(builder, fromdocname: str, spec: dict, rows: list[tuple]) -> list[nodes.Node]:
    """The listing as plain docutils nodes, which the HTML and LaTeX writers both know."""
    kind = spec["kind"]
    if kind in RENDERERS:
        return RENDERERS[kind](builder, fromdocname, spec, rows)
    box = nodes.container(classes=["handbook-listing", f"handbook-listing-{kind}"])
    if spec.get("heading"):
        if not rows and kind in ("related", "prevnext", "mentions"):
            return []
        box += nodes.rubric(spec["heading"], spec["heading"], classes=["handbook-listing-heading"])
    if not rows:
        box += nodes.paragraph("Nothing here yet.", "Nothing here yet.", classes=["handbook-empty"])
        return [box]
    items = nodes.bullet_list()
    for row in rows:
        if kind in ("meetings", "related") or (kind == "mentions" and row[3:] != ("", "")):
            items += meeting_item(builder, fromdocname, row)
        elif kind == "mentions":
            items += nodes.list_item("", nodes.paragraph("", "", link(builder, fromdocname, row[0], "", row[2])))
        elif kind == "prevnext":
            items += meeting_item(builder, fromdocname, row[1:], row[0])
        elif kind == "appearances":
            item = meeting_item(builder, fromdocname, row)
            said = ", ".join(part for part in row[7:] if part)
            text = f"as {row[6]}" + (f" ({said})" if said else "")
            item[0] += nodes.inline(" — " + text, " — " + text, classes=["handbook-appearance"])
            items += item
        elif kind in ("people", "years"):
            docname, anchor, name, count = row[:4]
            paragraph = nodes.paragraph()
            paragraph += link(builder, fromdocname, docname, anchor, name)
            noun = "meeting" if count == 1 else "meetings"
            paragraph += nodes.inline(f" ({count} {noun})", f" ({count} {noun})")
            items += nodes.list_item("", paragraph)
        elif kind == "digest":
            meeting, anchor, text, title, date = row
            paragraph = nodes.paragraph("", text + " ")
            source = f"{title}, {display_date(date)}"
            paragraph += nodes.inline("", "(", link(builder, fromdocname, meeting, anchor, source), nodes.Text(")"),
                                      classes=["handbook-digest-source"])
            items += nodes.list_item("", paragraph)
    box += by_initial(items, rows) if kind == "people" else items
    if kind == "digest" and spec.get("limit") and len({row[0] for row in rows}) == spec["limit"]:
        text = (f"Key points of the {spec['limit']} latest meetings that have them. Every meeting of the "
                "theme is listed above, and its printed guide holds every one, each in its meeting.")
        box += nodes.paragraph(text, text, classes=["handbook-digest-limit"])
    return [box]


def by_initial(items: nodes.bullet_list, rows: list[tuple]) -> list[nodes.Node]:
    """The people index in groups by the letter of the family name, accents folded."""
    groups: dict[str, nodes.bullet_list] = {}
    for item, row in zip(list(items.children), rows):
        groups.setdefault(row[4], nodes.bullet_list())
        groups[row[4]] += item
    grouped: list[nodes.Node] = []
    anchors: set[str] = set()
    for initial, group in groups.items():
        # Latin K and Cyrillic К have one slug: the first group met keeps it.
        anchor = f"people-{names.slugify(initial)}"
        ids = [anchor] if anchor != "people-" and anchor not in anchors else []
        anchors.update(ids)
        grouped += [nodes.rubric(initial, initial, ids=ids), group]
    return grouped


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: replace every placeholder with its listing."""
    cat = catalogue(app.env)
    for node in list(doctree.findall(listing)):
        spec = node["spec"]
        node.replace_self(render(app.builder, docname, spec, cat.rows(docname, spec)))


def page_signature(env: BuildEnvironment, cat: Catalogue, docname: str, page: dict) -> str:
    """A digest of everything on the page that comes from other pages."""
    domain = env.get_domain("handbook")
    shown = [cat.rows(docname, spec) for spec in page.get("listings", [])]
    shown.append([domain.index.get(kind, {}).get(target) for kind, target in page.get("refs", [])])
    return hashlib.sha1(repr(shown).encode()).hexdigest()


#: What a page shows of others, rather than what others show of it.
OWN = ("listings", "refs")


def digests(page: dict) -> tuple[str, str]:
    """Digests of what other pages can show of this page, and of what it shows of others."""
    facts = sorted((key, value) for key, value in page.items() if key not in OWN)
    own = [page.get(key) for key in OWN]
    return hashlib.sha1(repr(facts).encode()).hexdigest(), hashlib.sha1(repr(own).encode()).hexdigest()


def outdated_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated: the pages whose listings or reference titles changed must be written again.

    When no page's facts changed (an edit of a note's text, the usual edit), only pages that
    changed what they show can show something new: the rest keep their signatures, so editing
    one note costs the same at any size of archive. Digests and link targets are computed again
    for the pages read in this build only."""
    domain = handbook_domain(env)
    before = domain.recall("digests")
    targets_before = domain.recall("ref_targets", {})
    # The registry (names, aliases, family names) changes what every listing shows: then all are
    # looked at, as when any page's facts changed.
    registry_changed = domain.tree_changed
    before = {} if before is None or registry_changed else before
    read = {docname for docname in domain.read if docname in domain.pages} | (domain.pages.keys() - before.keys())
    now = {docname: digests(page) if docname in read else before[docname] for docname, page in domain.pages.items()}
    domain.remember("digests", now)
    facts_kept = bool(before) and before.keys() == now.keys() and all(before[d][0] == now[d][0] for d in read)
    signatures = domain.recall("signatures", {})
    # Where a page's references lead changes only with the page, unless some page's facts changed.
    targets = {docname: targets_before[docname] if facts_kept and docname not in read and docname in targets_before
               else ref_targets(domain, page) for docname, page in domain.pages.items()}
    domain.remember("ref_targets", targets)
    if facts_kept:
        todo = [docname for docname in now if before[docname][1] != now[docname][1]]
        # A page that links elsewhere anew, or no longer, changes the backlinks of what it linked to.
        todo += [target for docname in list(todo)
                 for target in {*targets.get(docname, []), *targets_before.get(docname, [])} if target in now]
        todo = list(dict.fromkeys(todo))
        state = {docname: signature for docname, signature in signatures.items() if docname in now}
    else:
        todo, state = list(now), {}
    cat = catalogue(env)
    for docname in todo:
        page = domain.pages[docname]
        state.pop(docname, None)
        if page.get("listings") or page.get("refs"):
            state[docname] = page_signature(env, cat, docname, page)
    domain.remember("signatures", state)
    return sorted(docname for docname, signature in state.items() if signatures.get(docname) != signature)


def setup_listings(app: Sphinx) -> None:
    app.add_node(listing)
    for name, directive in (("meetings", MeetingsDirective), ("people", PeopleDirective), ("years", YearsDirective),
                            ("appearances", AppearancesDirective), ("digest", DigestDirective)):
        app.add_directive(name, directive)
