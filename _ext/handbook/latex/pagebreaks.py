"""Where the printed pages break: a meeting or essay starts a page of its own unless it opens its
chapter, a page's last lines stay with the lines before them, and so do the last works of a list.
The lines a block takes are estimated from its text."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import thebibliography

#: Characters in a line of text on each paper, counted generously (a line in a list or a box holds
#: fewer), so that the lines a page's last blocks take are never overestimated.
LINE_LENGTH = {"a4": 95, "a5": 75, "letter": 100}
#: No page holds fewer lines than this of a page of the notes (a meeting, a cell's introduction),
#: about a sixth of a page: its last lines stay with the lines before them.
LAST_LINES = 8
#: What a page of the notes is made of, as the lines it takes are counted.
BLOCKS = (
    nodes.paragraph,
    nodes.title,
    nodes.rubric,
    nodes.literal_block,
    nodes.line_block,
    nodes.math_block,
    nodes.table,
    nodes.figure,
    nodes.image,
)


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
    for before, size in zip(reversed(before_each), reversed(sizes), strict=True):
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
    works = [
        citation
        for holder in document.findall(thebibliography)
        for citation in holder.children
        if isinstance(citation, nodes.Element)
    ]
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
        before += node.parent.children[: node.parent.index(node)]
        node = node.parent
    before += [child for child in node.parent.children[: node.parent.index(node)] if not isinstance(child, nodes.title)]
    elements = [child for child in before if isinstance(child, nodes.Element)]
    if any(next(iter(child.findall(addnodes.start_of_file)), None) for child in elements):
        return False
    lines = sum(
        estimated_lines(block, line_length)
        for child in elements
        for block in ([child] if isinstance(child, BLOCKS) else blocks_of(child))
    )
    return lines <= SHORT_OPENING
