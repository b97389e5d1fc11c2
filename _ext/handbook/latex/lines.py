"""What fits the printed line: tables too wide for it scaled down, break points in long words, and
a page reference after the whole word it follows."""

from __future__ import annotations

import itertools
import re

from docutils import nodes

from handbook.latex.pagebreaks import latex

#: Tables of more rows than this are set as Sphinx's longtable, across pages: never scaled.
LONG_TABLE_ROWS = 30


def fit_wide_table(table: nodes.table, line_length: int) -> None:
    """A table whose columns cannot each hold their longest word within the line is set wider,
    each column as wide as its longest word (`:widths:`), then scaled down to the line
    (`handbookwidetable` in handbook.sty): its type is smaller, but no word is cut and no
    column runs into the margin."""
    colspecs = [
        colspec
        for tgroup in table.findall(nodes.tgroup)
        for colspec in tgroup.children
        if isinstance(colspec, nodes.colspec)
    ]
    rows = list(table.findall(nodes.row))
    widths = [4] * len(colspecs)
    for row in rows:
        column = 0
        for entry in (child for child in row.children if isinstance(child, nodes.entry)):
            if column < len(widths) and not entry.get("morecols"):
                widths[column] = max(widths[column], *(unbroken(word) for word in entry.astext().split()))
            column += 1 + entry.get("morecols", 0)
    # A column's sides take about five characters of the line (its cells' type is a size smaller,
    # their headings bold, and `pagebreaks.LINE_LENGTH` counts generously).
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
            holder.replace(after, nodes.Text(after[found.end() :]))
