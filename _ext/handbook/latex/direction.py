"""Right-to-left and reordered scripts in print: Arabic and Hebrew inside the handbook's
left-to-right text, and the text behind glyphs that no longer spell it.

A browser orders a paragraph's characters for display by the Unicode Bidirectional Algorithm
itself; xelatex does not: each word comes out right, but the words of an Arabic phrase would be
set in the order they were typed, left to right. So the LaTeX build sets each right-to-left run
of the text between TeX--XeT's `\\beginR` and `\\endR` (turned on in fonts.latex_setup).

Shaping also changes what a PDF's text says: a Devanagari vowel sign is drawn before the
consonant it follows, and a PDF reader copying or searching the page reads the glyphs. So each
run of such a script carries its characters as typed in an `/ActualText`, which pdftotext and
PDF viewers read instead. (Arabic letters are read as their joined forms, which Unicode's
compatibility normalisation, NFKC, maps back to the letters typed.)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import icu
from sphinx.application import Sphinx
from sphinx.writers.latex import LaTeXTranslator

#: bidirectional classes of the characters that are right-to-left in themselves
_RTL = {"R", "AL"}
#: numbers, which follow the direction of the run they stand in
_NUMBERS = {"EN", "AN"}
#: ICU's Bidi_Paired_Bracket_Type values
_OPENING, _CLOSING = 1, 2
#: scripts whose shaped glyphs are not their characters in order (ISO 15924 codes): the Brahmic
#: scripts of India and Sri Lanka move vowel signs and form conjuncts
_REORDERED = {"Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym", "Sinh"}


def rtl_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each right-to-left run of a text in a left-to-right paragraph, as the
    Unicode Bidirectional Algorithm (UAX #9, rules W1–N2 without explicit embeddings) resolves
    it: from a right-to-left letter up to the next left-to-right letter, less the spaces and
    punctuation before that letter, which take the paragraph's direction; a bracket opened in the
    run takes the run's direction up to the bracket that closes it (rule N0, brackets as ICU pairs
    them), so "נועה לוי (בית הקהילה)" is one run."""
    runs, start, last, opened = [], None, 0, 0
    for index, character in enumerate(text):
        kind = unicodedata.bidirectional(character)
        bracket = icu.Char.getIntPropertyValue(character, icu.UProperty.BIDI_PAIRED_BRACKET_TYPE)
        if kind in _RTL:
            start = index if start is None else start
            last = index + 1
        elif kind in _NUMBERS and start is not None:
            last = index + 1
        elif bracket == _OPENING and start is not None:
            opened += 1
        elif bracket == _CLOSING and opened:
            opened -= 1
            last = index + 1
        elif kind == "L" and start is not None:
            runs.append((start, last))
            start, opened = None, 0
    if start is not None:
        runs.append((start, last))
    return runs


def mirrored(run: str) -> str:
    """A right-to-left run with its brackets and other mirrored characters turned round, as a
    browser draws them: "(" set in a run drawn right to left must look like ")"."""
    return "".join(icu.Char.charMirror(character) if icu.Char.isMirrored(character) else character for character in run)


def reordered_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of a script whose glyphs are drawn out of the characters' order
    (Devanagari and its kin), with the marks and joiners (ICU's Inherited script) inside it."""
    runs: list[tuple[int, int]] = []
    start = None
    for index, character in enumerate(text + " "):
        script = icu.Script.getScript(character).getShortName()
        if script in _REORDERED or (start is not None and script in ("Zinh", "Qaai")):
            start = index if start is None else start
        elif start is not None:
            runs.append((start, index))
            start = None
    return runs


def _actual_text(run: str) -> str:
    """The LaTeX that starts a run's /ActualText: the text as a PDF string in UTF-16 (big-endian,
    with its byte order mark), in which every character of any script is written safely as
    hexadecimal digits. \\protect: titles are written into the contents too."""
    return f"\\protect\\handbookactualtext{{FEFF{run.encode('utf-16-be').hex().upper()}}}"


def in_print(text: str, escape: Callable[[str], str]) -> str:
    """A text as LaTeX, each piece escaped by `escape`: right-to-left runs between `\\beginR`
    and `\\endR`, runs of a reordered script with their /ActualText. What the handbook adds is
    its own LaTeX; an editor's characters reach it escaped, or as hexadecimal digits."""
    marked = sorted(
        [(start, end, "\\beginR{}", "\\endR{}") for start, end in rtl_runs(text)]
        + [
            (start, end, _actual_text(text[start:end]), "\\protect\\handbookactualtextend{}")
            for start, end in reordered_runs(text)
        ]
    )
    if not marked:
        return escape(text)
    parts, done = [], 0
    for start, end, before, after in marked:
        run = mirrored(text[start:end]) if before == "\\beginR{}" else text[start:end]
        parts += [escape(text[done:start]), before, escape(run), after]
        done = end
    return "".join(parts) + escape(text[done:])


class PrintTranslator(LaTeXTranslator):
    """Sphinx's LaTeX writer, with the runs of other scripts set as `in_print` says: in every text
    it writes (titles, cards, listings, the index of people), never in a link's address."""

    in_uri = False

    def encode(self, text: str) -> str:
        # Emoji and text presentation selectors (U+FE0E, U+FE0F) ask for a colour or a plain
        # glyph; print has one presentation, and no font draws the selector itself.
        text = text.replace("\ufe0e", "").replace("\ufe0f", "")
        return super().encode(text) if self.in_uri else in_print(text, super().encode)

    def encode_uri(self, text: str) -> str:
        self.in_uri = True
        try:
            return super().encode_uri(text)
        finally:
            self.in_uri = False


def setup_direction(app: Sphinx) -> None:
    app.set_translator("latex", PrintTranslator)
