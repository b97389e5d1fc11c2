"""The printed handbook's fonts: Noto for the Latin, Greek and Cyrillic text, and a font of its own
for each other script a note can hold, chosen by Unicode block as xelatex sets the text.

XeTeX does not fall back from one font to another by itself. The `ucharclasses` package (TeX
Live's, on XeTeX's inter-character tokens) switches to the script's font where a character of one
of its blocks starts and back where it ends; the table below is the one source of that setup and
of the check, made while Sphinx writes the LaTeX, that every character of a note has a glyph in
the font it will be set in (a character none has is a located warning, never a blank in print).
Each font is from a Debian package the Makefile installs.
"""

from __future__ import annotations

import functools
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Fallback:
    """A font for some Unicode blocks, named as `ucharclasses` names them (the Unicode standard's
    names without spaces; Devanagari in five parts)."""

    command: str  # the fontspec family command the LaTeX setup defines
    family: str  # the font's family name, as fontconfig knows it
    script: str  # fontspec's Script, which HarfBuzz shapes by (Arabic letters join only in theirs)
    blocks: tuple[str, ...]


#: The text's own fonts (fonts-noto-core): Latin with every diacritic, Greek, Cyrillic.
MAIN, SANS, MONO = "Noto Serif", "Noto Sans", "FreeMono"

FALLBACKS = (
    Fallback(
        "handbookfontarabic",
        "Noto Naskh Arabic",
        "Arabic",
        (  # fonts-noto-core
            "Arabic",
            "ArabicSupplement",
            "ArabicExtendedA",
            "ArabicPresentationFormsA",
            "ArabicPresentationFormsB",
        ),
    ),
    Fallback("handbookfonthebrew", "Noto Serif Hebrew", "Hebrew", ("Hebrew",)),  # fonts-noto-core
    Fallback(
        "handbookfontdevanagari",
        "Noto Serif Devanagari",
        "Devanagari",
        (  # fonts-noto-core
            "DevanagariPreMarks",
            "DevanagariMarks",
            "DevanagariPostMarks",
            "DevanagariDanDa",
            "DevanagariPostDanDa",
            "DevanagariExtended",
        ),
    ),
    # fonts-noto-cjk: one collection for Chinese, Japanese and Korean; Han characters in their
    # Simplified Chinese forms, kana in Japanese ones, Hangul in Korean ones.
    Fallback(
        "handbookfontchinese",
        "Noto Serif CJK SC",
        "CJK",
        (
            "CJKUnifiedIdeographs",
            "CJKUnifiedIdeographsExtensionA",
            "CJKCompatibilityIdeographs",
            "CJKSymbolsAndPunctuation",
            "CJKRadicalsSupplement",
            "KangxiRadicals",
            "Bopomofo",
            "HalfwidthAndFullwidthForms",
        ),
    ),
    Fallback(
        "handbookfontjapanese", "Noto Serif CJK JP", "Kana", ("Hiragana", "Katakana", "KatakanaPhoneticExtensions")
    ),
    Fallback(
        "handbookfontkorean",
        "Noto Serif CJK KR",
        "Hangul",
        ("HangulSyllables", "HangulJamo", "HangulCompatibilityJamo"),
    ),
    # fonts-symbola: emoji, pictographs and symbols (→ ≤ ▶ ✓) in black and white: xelatex prints
    # no colour fonts.
    Fallback(
        "handbookfontsymbols",
        "Symbola",
        "Default",
        (
            "Emoticons",
            "MiscellaneousSymbolsAndPictographs",
            "SupplementalSymbolsAndPictographs",
            "TransportAndMapSymbols",
            "SymbolsAndPictographsExtendedA",
            "Dingbats",
            "MiscellaneousSymbols",
            "Arrows",
            "GeometricShapes",
            "MathematicalOperators",
            "MiscellaneousTechnical",
            "MiscellaneousSymbolsAndArrows",
            "EnclosedAlphanumerics",
            "EnclosedAlphanumericSupplement",
            "CombiningDiacriticalMarksForSymbols",
        ),
    ),
)

#: fontspec options for the fallback fonts: none has an italic, and Symbola has no bold either, so
#: they are made by slanting and emboldening rather than replaced by another shape with a warning.
_FALLBACK_OPTIONS = "AutoFakeSlant=0.2, AutoFakeBold=1.5"


def latex_setup() -> str:
    """The `fontpkg` of Sphinx's LaTeX preamble: the main fonts and the fallbacks by block."""
    blocks = ",".join(block for fallback in FALLBACKS for block in fallback.blocks)
    lines = [
        f"\\setmainfont{{{MAIN}}}",
        f"\\setsansfont{{{SANS}}}",
        f"\\setmonofont{{{MONO}}}[Scale=MatchLowercase]",
        # Right-to-left runs (direction.in_print) are set with TeX--XeT's \beginR … \endR; the
        # PDF's outline holds the text in its own order, which the reader's viewer displays.
        "\\TeXXeTstate=1",
        # … and runs whose glyphs do not spell their text carry it as an /ActualText, a marked
        # content span written straight into the page (xdvipdfmx's `direct`: no q … Q around it).
        "\\def\\handbookactualtext#1{\\special{pdf:literal direct /Span<</ActualText<#1>>>BDC}}",
        "\\def\\handbookactualtextend{\\special{pdf:literal direct EMC}}",
        (
            "\\AtBeginDocument{\\pdfstringdefDisableCommands{\\let\\beginR\\relax\\let\\endR\\relax"
            "\\def\\handbookactualtext#1{}\\let\\handbookactualtextend\\relax}}"
        ),
        f"\\usepackage[{blocks}]{{ucharclasses}}",
    ]
    # Switched without a group, which the transitions could leave open across a brace: entering a
    # script's font notes the family it leaves (once, even from another script's font), leaving
    # restores it. A brace that ends first restores the font by itself.
    lines += [
        "\\newif\\ifhandbookinfallback",
        "\\makeatletter",
        (
            "\\def\\handbookfallback#1{\\ifhandbookinfallback\\else\\let\\handbookfamilybefore\\f@family"
            "\\handbookinfallbacktrue\\fi#1}"
        ),
        "\\makeatother",
        (
            "\\def\\handbookfallbackend{\\ifhandbookinfallback\\handbookinfallbackfalse"
            "\\fontfamily{\\handbookfamilybefore}\\selectfont\\fi}"
        ),
    ]
    for fallback in FALLBACKS:
        lines.append(
            f"\\newfontfamily\\{fallback.command}{{{fallback.family}}}[Script={fallback.script}, {_FALLBACK_OPTIONS}]"
        )
    # Leaving first, entering after: between two scripts' characters, entering the second wins.
    # ucharclasses sets transitions between the blocks it loaded and at text boundaries; those
    # from and to every other character (class 0: Latin, Greek, Cyrillic, punctuation) are set here.
    for fallback in FALLBACKS:
        for block in fallback.blocks:
            lines.append(f"\\setTransitionFrom{{{block}}}{{\\handbookfallbackend}}")
            lines.append(f"\\XeTeXinterchartoks\\{block}Class 0={{\\handbookfallbackend}}")
    for fallback in FALLBACKS:
        for block in fallback.blocks:
            lines.append(f"\\setTransitionTo{{{block}}}{{\\handbookfallback\\{fallback.command}}}")
            lines.append(f"\\XeTeXinterchartoks 0 \\{block}Class={{\\handbookfallback\\{fallback.command}}}")
    return "\n".join(lines)


@functools.cache
def _family_by_range() -> list[tuple[int, int, str]]:
    """(first, last code point, font family) of each fallback block, from ucharclasses' own table
    of blocks, so that the check sees the blocks xelatex sees."""
    path = _run(["kpsewhich", "ucharclasses.sty"]).strip()
    table = Path(path).read_text(encoding="utf-8") if path else ""
    ranges = {name: (int(first, 16), int(last, 16)) for name, first, last in _UCHARCLASS.findall(table)}
    return [(*ranges[block], fallback.family) for fallback in FALLBACKS for block in fallback.blocks if block in ranges]


_UCHARCLASS = re.compile(r'\\do\{(\w+)\}\{"([0-9A-Fa-f]+)\}\{"([0-9A-Fa-f]+)\}')


@functools.cache
def _characters(family: str) -> tuple[tuple[int, int], ...]:
    """The ranges of code points a font family has glyphs for (its regular face, as fontconfig
    finds and describes it); none if the font is not installed."""
    found = _run(["fc-match", "--format=%{family}\n%{charset}", f"{family}:style=Regular"]).split("\n")
    if len(found) < 2 or family not in found[0].split(","):
        return ()
    ranges = (part.split("-") for part in found[1].split())
    return tuple((int(first, 16), int(last[0] if last else first, 16)) for first, *last in ranges)


def _run(command: list[str]) -> str:
    """What a TeX Live or fontconfig tool prints; "" where it is not installed."""
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout
    except OSError:
        return ""


def _has(family: str, character: str) -> bool:
    point = ord(character)
    return any(first <= point <= last for first, last in _characters(family))


def font_for(character: str) -> str:
    """The family a character is printed in: its block's fallback, else the main font."""
    point = ord(character)
    return next((family for first, last, family in _family_by_range() if first <= point <= last), MAIN)


def unprintable(text: str) -> list[str]:
    """The characters of `text`, in order of first appearance, that the font they would be set in
    has no glyph for: printed, they would be left out. Spaces, controls and invisible format
    characters (a zero-width joiner, a variation selector) print nothing and are not counted."""
    if not _characters(MAIN):
        return []  # a machine without the printed handbook's fonts cannot tell; `make setup` installs them
    missing = []
    for character in dict.fromkeys(text):
        if character.isspace() or unicodedata.category(character) in ("Cc", "Cf") or _invisible(character):
            continue
        if not _has(font_for(character), character):
            missing.append(character)
    return missing


def _invisible(character: str) -> bool:
    """A variation selector chooses how the character before it looks and prints nothing itself."""
    return unicodedata.name(character, "").startswith("VARIATION SELECTOR")
