"""The assembled document, as print changes it.

In print, a document holds only its own pages: a listing shows only what is in it, a link to a
page outside it reads as that page's title, and its citations resolve to its own list of works.
What is the website's navigation is left out; a page's last lines stay together; long words get
break points; a page reference follows the word it stands after."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform

from handbook.content import layout
from handbook.domain import handbook_domain
from handbook.listings.catalogue import catalogue
from handbook.listings.kinds import KINDS, listing

if TYPE_CHECKING:
    from sphinx.builders.latex import LaTeXBuilder


class LinksInPrint(SphinxPostTransform):
    """A handbook link to a page outside this document reads as the page's title, as do the
    meeting header's cell and themes (labels in print); a citation goes to the list of works on
    this document's start page. Runs before Sphinx resolves references (priority 10), which
    would keep only a link's raw text, and would send a citation to whichever list it met first."""

    default_priority = 5
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        start, held = pages_of(self.document)
        domain = handbook_domain(self.env)
        for ref in list(self.document.findall(addnodes.pending_xref)):
            if ref.get("refdomain") == "cite":
                ref["refdoc"] = start
            if ref.get("refdomain") != "handbook":
                continue
            found = domain.index.get(ref["reftype"], {}).get(ref["reftarget"])
            if found is None:
                continue  # the resolver warns about it
            # A person's name in running text gets no page number: the index of people gives
            # their pages, and "(p. 87)" inside "Samira's" breaks the sentence.
            if found.docname not in held or ref["reftype"] == "person" or in_meeting_header(ref):
                text = ref.astext() if ref.get("refexplicit") else found.title
                classes: list[str] = ref[0].get("classes", []) if len(ref) and isinstance(ref[0], nodes.Element) else []
                ref.replace_self(nodes.inline(text, text, classes=classes))


def pages_of(document: nodes.document) -> tuple[str, set[str]]:
    """An assembled document's start page, and every page it holds."""
    start = document.get("docname", "")
    return start, {start} | {node["docname"] for node in document.findall(addnodes.start_of_file)}


def in_meeting_header(node: nodes.Node) -> bool:
    while node is not None:
        if isinstance(node, nodes.Element) and "handbook-meeting-header" in node["classes"]:
            return True
        node = node.parent
    return False


class WorksInPrint(SphinxPostTransform):
    """A document's list of works (its start page's) keeps only the works its pages cite, and a
    heading left with nothing under it (the essays' "Works cited", whose works are this list)
    goes. Runs after Sphinx gathers the works at the end of the document (priority 750)."""

    default_priority = 760
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        start, held = pages_of(self.document)
        kept: set[tuple[str, str]] = set()
        if "cite" in self.env.domains:
            cite: Any = self.env.get_domain("cite")  # sphinxcontrib-bibtex's, untyped
            keys = {target.key for ref in cite.citation_refs if ref.docname in held for target in ref.targets}
            kept = {(start, work.citation_id) for work in cite.citations
                    if work.bibliography_key.docname == start and work.key in keys}

        def unwanted(node: nodes.Node) -> bool:
            if isinstance(node, nodes.citation):
                return not {(node.get("docname"), id_) for id_ in node["ids"]} & kept
            if isinstance(node, thebibliography):
                return all(unwanted(child) for child in node.children)
            return isinstance(node, nodes.section) and all(
                isinstance(child, (nodes.container, nodes.target)) and not child.astext().strip()
                for child in node.children[1:])

        # Walking down: Sphinx moves each page's nodes into the document without updating
        # their parents, so a node is removed from the node that holds it.
        for holder in [self.document, *self.document.findall(nodes.Element)]:
            holder.children = [child for child in holder.children if not unwanted(child)]


def print_document(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, LaTeX builds only, before listings are filled: listings show only what
    this document holds, and the kinds not `printed` (`listings.kinds.ListingKind`) are left out;
    the anchors of speaker cards and key points become LaTeX labels; paragraph classes reach LaTeX
    as styles."""
    if app.builder.format != "latex":
        return
    held = cast("LaTeXBuilder", app.builder).docnames
    cat = catalogue(app.env)
    for holder, node, page in list(listings_in(doctree, docname)):
        spec = node["spec"]
        listed = KINDS[spec["kind"]]
        if not listed.printed:
            holder.remove(node)
            continue
        rows = [row for row in listed.rows(cat, page, spec) if row.docname in held]
        holder.replace(node, listed.draw(app.builder, docname, spec, rows))
    line_length = LINE_LENGTH.get(app.config.handbook_paper, LINE_LENGTH["a4"])
    pages = list(doctree.findall(addnodes.start_of_file))
    for start in pages:
        kind = layout.page_kind(start["docname"])
        # A meeting or essay starts a page of its own, unless it opens its chapter, or follows a
        # short introduction to it (a heading and a few lines alone would nearly empty a page).
        if kind in ("meeting", "essay") and not opens_chapter(start, line_length):
            start.parent.insert(start.parent.index(start), latex("\\clearpage"))
        # The works cited follow the last page on its sheet (handbook.sty): they count among its
        # last lines.
        keep_last_lines(start, line_length, works_cited_lines(doctree, line_length) if start is pages[-1] else 0)
    for works in doctree.findall(thebibliography):
        keep_last_works(works, line_length)
    if pages and works_cited_lines(doctree, line_length):
        pages[-1].insert(0, latex(f"\\handbookworksfollow{{{works_cited_lines(doctree, line_length)}}}"))
    for node in list(doctree.findall(nodes.Element)):
        classes: list[str] = node.get("classes", [])
        if node["ids"] and {"handbook-speaker", "handbook-keypoint"} & set(classes):
            # The LaTeX writer labels targets, not containers or list items; the label goes at
            # the start of the first line, so that it starts no line of its own.
            target = nodes.target("", "", ids=node["ids"])
            node["ids"] = []
            next(iter(node.findall(nodes.paragraph)), node).insert(0, target)
        if isinstance(node, nodes.table):
            fit_wide_table(node, line_length)
        if isinstance(node, nodes.paragraph):
            break_long_words(node)
            page_references_after_words(node)
        if isinstance(node, nodes.paragraph) and any(cls.startswith("handbook-") for cls in classes):
            node.children = [nodes.inline("", "", *node.children, classes=classes)]
            for child in node.children:
                child.parent = node


#: Characters in a line of text on each paper, counted generously (a line in a list or a box holds
#: fewer), so that the lines a page's last blocks take are never overestimated.
LINE_LENGTH = {"a4": 95, "a5": 75, "letter": 100}
#: No page holds fewer lines than this of a page of the notes (a meeting, a cell's introduction),
#: about a sixth of a page: its last lines stay with the lines before them.
LAST_LINES = 8
#: What a page of the notes is made of, as the lines it takes are counted.
BLOCKS = (nodes.paragraph, nodes.title, nodes.rubric, nodes.literal_block, nodes.line_block, nodes.math_block,
          nodes.table, nodes.figure, nodes.image)


def keep_last_lines(page: addnodes.start_of_file, line_length: int, works_cited: int = 0) -> None:
    """A page of the notes ends with at least `LAST_LINES` lines on its last sheet: each of its
    last blocks that, with the blocks after it, would take fewer lines is kept with the block before
    it (`\\handbookkeepwithnext` after that block, in handbook.sty). A long block may still break
    inside, since no page starts with a paragraph's last three lines. The works cited that follow
    the document's last page (`works_cited` lines) are kept with its last lines in the same way;
    their heading ends the keeping, as a heading does, where `\\handbookkeepend` ends it after any
    other page. A last paragraph that breaks leaves `LAST_LINES` lines on the last sheet
    (`\\handbooklastlines`)."""
    blocks = list(blocks_of(page))
    if not blocks:
        return
    before_each = blocks[:-1] + blocks[-1:] * bool(works_cited)
    sizes = [estimated_lines(block, line_length) for block in blocks[1:]] + [works_cited] * bool(works_cited)
    lines = 0
    for before, size in zip(reversed(before_each), reversed(sizes)):
        lines += size
        if lines >= LAST_LINES:
            break
        before.parent.insert(before.parent.index(before) + 1, latex("\\handbookkeepwithnext"))
    # A last paragraph that breaks across pages leaves at least as many lines on the last.
    if isinstance(blocks[-1], nodes.paragraph):
        blocks[-1].parent.insert(blocks[-1].parent.index(blocks[-1]), latex("\\handbooklastlines"))
    if not works_cited:
        blocks[-1].parent.insert(blocks[-1].parent.index(blocks[-1]) + 1, latex("\\handbookkeepend"))


def keep_last_works(works: thebibliography, line_length: int) -> None:
    """The last works of a list stay together until they make `LAST_LINES` lines, a short list
    whole: no page holds only the last one or two (`\\handbookkeepworks` before the first of them)."""
    lines, first = 0, None
    for work in reversed([child for child in works.children if isinstance(child, nodes.Element)]):
        lines += estimated_lines(work, line_length)
        if lines >= LAST_LINES:
            break
        first = work
    if first is not None:
        works.insert(works.index(first), latex("\\handbookkeepworks"))


def works_cited_lines(document: nodes.document, line_length: int) -> int:
    """The lines of a document's list of works: its heading's and its works' (0 without one)."""
    works = [citation for holder in document.findall(thebibliography) for citation in holder.children
             if isinstance(citation, nodes.Element)]
    return 1 + sum(estimated_lines(work, line_length) for work in works) if works else 0


def blocks_of(node: nodes.Element):
    """The blocks of a page in reading order, without the pages it holds (a cell's meetings)."""
    for child in node.children:
        if isinstance(child, BLOCKS):
            yield child
        elif isinstance(child, nodes.Element) and not isinstance(child, addnodes.start_of_file):
            yield from blocks_of(child)


def estimated_lines(block: nodes.Element, line_length: int) -> int:
    """The lines of text a block takes at least: a table's rows, a literal block's lines, a
    paragraph's or a heading's words in lines of `line_length` characters."""
    if isinstance(block, nodes.table):
        return len(list(block.findall(nodes.row)))
    if isinstance(block, (nodes.figure, nodes.image)):
        return LAST_LINES
    if isinstance(block, (nodes.literal_block, nodes.line_block, nodes.math_block)):
        lines = block.astext().splitlines() or [""]
    else:
        lines = [" ".join(block.astext().split())]
    return sum(max(1, -(-len(line) // line_length)) for line in lines)


#: Tables of more rows than this are set as Sphinx's longtable, across pages: never scaled.
LONG_TABLE_ROWS = 30


def fit_wide_table(table: nodes.table, line_length: int) -> None:
    """A table whose columns cannot each hold their longest word within the line is set wider,
    each column as wide as its longest word (`:widths:`), then scaled down to the line
    (`handbookwidetable` in handbook.sty): its type is smaller, but no word is cut and no
    column runs into the margin."""
    colspecs = [colspec for tgroup in table.findall(nodes.tgroup) for colspec in tgroup.children
                if isinstance(colspec, nodes.colspec)]
    rows = list(table.findall(nodes.row))
    widths = [4] * len(colspecs)
    for row in rows:
        column = 0
        for entry in (child for child in row.children if isinstance(child, nodes.entry)):
            if column < len(widths) and not entry.get("morecols"):
                widths[column] = max(widths[column], *(unbroken(word) for word in entry.astext().split()))
            column += 1 + entry.get("morecols", 0)
    # A column's sides take about five characters of the line (its cells' type is a size smaller,
    # their headings bold, and `LINE_LENGTH` counts generously).
    widths = [width + 5 for width in widths]
    room = line_length
    if not colspecs or sum(widths) <= room or len(rows) > LONG_TABLE_ROWS or "longtable" in table["classes"]:
        return
    for colspec, width in zip(colspecs, widths, strict=True):
        colspec["colwidth"] = width
    table["classes"] = [*table["classes"], "colwidths-given"]
    holder = table.parent
    holder.insert(holder.index(table), latex(f"\\begin{{handbookwidetable}}{{{sum(widths) / room:.2f}}}"))
    holder.insert(holder.index(table) + 1, latex("\\end{handbookwidetable}"))


def unbroken(word: str) -> int:
    """The characters of a word's longest piece that `break_long_words` leaves whole."""
    if not LONG_WORD.fullmatch(word):
        return len(word)
    cuts = [0, *sorted({cut.end() for cut in BREAK_AFTER.finditer(word)}), len(word)]
    return max(end - start for start, end in itertools.pairwise(cuts))


#: A run of this many characters without a space (an address, a file name) may break inside: a
#: line of A5 holds about 60. Shorter runs ("Disagreements…Individualism….It") fit on a line and
#: stay whole, so that the PDF's text reads as the note's.
LONG_WORD = re.compile(r"\S{40,}")
#: Inline code is set in a wider type and is often one long name: a run of 20 characters in it may
#: break (`a_setting_of_the_build`), where text would keep it whole.
LONG_CODE = re.compile(r"\S{20,}")
#: Where such a run breaks: after a separator, before a capital that follows a small letter, or
#: after every 16 characters of anything else.
BREAK_AFTER = re.compile(r"[/.\-_?&=#:,;]+|(?<=[a-z])(?=[A-Z])|[^/.\-_?&=#:,;]{16}")


def break_long_words(paragraph: nodes.paragraph) -> None:
    """Let every long run of characters in the paragraph's text and inline code break at the end
    of a line (text is never hyphenated, so TeX would otherwise set it past the margin). The text is
    unchanged: only break points (`\\allowbreak`) go between its pieces."""
    for text in list(paragraph.findall(nodes.Text)):
        long = LONG_CODE if isinstance(text.parent, nodes.literal) else LONG_WORD
        if isinstance(text.parent, nodes.raw) or not long.search(text):
            continue
        pieces: list[nodes.Node] = []
        start = 0
        for word in long.finditer(text):
            cuts = sorted({cut.end() for cut in BREAK_AFTER.finditer(word.group())} - {0, len(word.group())})
            for cut in cuts:
                end = word.start() + cut
                pieces += [nodes.Text(text[start:end]), nodes.raw("", "\\allowbreak{}", format="latex")]
                start = end
        pieces.append(nodes.Text(text[start:]))
        text.parent.replace(text, pieces)


#: The rest of a word that text right after a reference starts: "'s", "’s", "2", "s".
WORD_GOES_ON = re.compile(r"^[\w'’]+")


def page_references_after_words(paragraph: nodes.paragraph) -> None:
    """A reference to a page of the document is followed by its page, "(p. 8)": when the text
    right after it runs on into a word ("{meeting}`slug`'s conclusions"), the rest of that word
    goes into the reference, so that "(p. 8)" follows the whole word, never stands inside it."""
    for ref in list(paragraph.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if not (ref.get("refid") or uri.startswith(("#", "%"))):
            continue  # another site: no page number
        holder = ref.parent
        index = holder.index(ref)
        after = holder[index + 1] if index + 1 < len(holder) else None
        if not isinstance(after, nodes.Text):
            continue
        found = WORD_GOES_ON.match(after)
        if found:
            ref += nodes.Text(found.group())
            holder.replace(after, nodes.Text(after[found.end():]))


def latex(text: str) -> nodes.raw:
    """LaTeX the handbook writes itself; nothing an editor typed ever reaches one."""
    return nodes.raw("", text + "\n", format="latex")


#: The lines of a chapter's introduction that its first meeting or essay follows on the same page.
SHORT_OPENING = 12


def opens_chapter(node: nodes.Node, line_length: int) -> bool:
    """Whether nothing but its chapter's title and a short introduction (`SHORT_OPENING` lines at
    most, no other page) comes before this node."""
    before: list[nodes.Node] = []
    while not isinstance(node.parent, nodes.section):
        before += node.parent.children[:node.parent.index(node)]
        node = node.parent
    before += [child for child in node.parent.children[:node.parent.index(node)] if not isinstance(child, nodes.title)]
    elements = [child for child in before if isinstance(child, nodes.Element)]
    if any(next(iter(child.findall(addnodes.start_of_file)), None) for child in elements):
        return False
    lines = sum(estimated_lines(block, line_length) for child in elements
                for block in ([child] if isinstance(child, BLOCKS) else blocks_of(child)))
    return lines <= SHORT_OPENING


def listings_in(node: nodes.Element, page: str):
    """(node holding it, listing, the page it comes from) of an assembled document. Found walking
    down: Sphinx moves each page's nodes into the document without updating their parents."""
    for child in node.children:
        if isinstance(child, listing):
            yield node, child, page
        elif isinstance(child, nodes.Element):
            yield from listings_in(child, child["docname"] if isinstance(child, addnodes.start_of_file) else page)
