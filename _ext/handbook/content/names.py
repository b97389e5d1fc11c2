"""Names in any script: their slugs, their order and the letter of the index they are filed under.

Slugs are transliterated by anyascii (Unicode to ASCII, every script); order and index letters
follow the Unicode Collation Algorithm as ICU implements it (PyICU), so a reader finds Öztürk
among the O's and Ábalos among the A's, whatever language the rest of the page is in.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import icu
from anyascii import anyascii
from docutils import nodes

#: what every slug matches: lowercase ASCII words joined by single hyphens. It is also what every
#: cell folder, theme, essay and note file is named (discovery.py): a name reaches file systems,
#: URLs, HTML attributes, scripts and LaTeX, so it is held to the one form none of them misreads.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_name(text: str) -> bool:
    """Whether `text` is a name the handbook can use: a slug (`SLUG`)."""
    return SLUG.fullmatch(text) is not None  # `$` alone would let a final line break through


#: the scripts whose letters head groups of the people index besides the Latin alphabet
_INDEX_LOCALES = ("el", "ru", "uk", "he", "ar", "hi", "ja", "ko")
_OTHER = "#"


def _transliterated(character: str) -> str:
    """One character in ASCII: a pictograph or symbol (emoji, ✅) says nothing in a slug and is
    left out; an ideograph or Hangul syllable, which anyascii writes as a capitalised syllable
    ("王芳" → "WangFang"), becomes a word of its own, so its slug reads wang-fang."""
    if unicodedata.category(character) in ("So", "Sk", "Cf", "Cn", "Co"):
        return ""
    ascii_text = anyascii(character)
    if ascii_text[:1].isupper() and unicodedata.category(character) == "Lo":
        return f" {ascii_text} "
    return ascii_text


def slugify(text: str) -> str:
    """The slug of a name or title: lowercase ASCII words joined by hyphens, matching `SLUG`, or ""
    when nothing in it is a letter or digit of any script ("Łukasz Żebrowski" → lukasz-zebrowski,
    "Олена Коваленко" → olena-kovalenko, "王芳" → wang-fang, "Straße" → strasse, "🙏" → "").

    Transliteration is anyascii's (one reading per character: Chinese characters in Mandarin
    pinyin, Japanese kanji too; Arabic and Hebrew without the vowels they do not write)."""
    ascii_text = "".join(map(_transliterated, unicodedata.normalize("NFC", text)))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def family_name(name: str, family: str = "") -> str:
    """The part of a name it is sorted by: `family` when the registry gives one (Ó Briain, Ben
    Omar, 王 of 王芳), else the last word ("Ruth Zimmer" → "Zimmer")."""
    return family.strip() or (name.split() or [""])[-1]


@functools.cache
def _collator() -> icu.Collator:
    # The root collation (the UCA's default order, CLDR's root locale): accents and letters such
    # as Ø and Ł differ from their base letter only at the second level, after every base letter.
    return icu.Collator.createInstance(icu.Locale.getRoot())


def sort_key(name: str, family: str = "") -> tuple[bytes, bytes]:
    """People's order: by family name, then the whole name, both by the Unicode Collation
    Algorithm (ICU's root collation), so that Ábalos < Bowers < Ødegård < Öztürk < Zimmer."""
    collator = _collator()
    return collator.getSortKey(family_name(name, family)), collator.getSortKey(name)


@functools.cache
def _index() -> icu.AlphabeticIndex.ImmutableIndex:
    index = icu.AlphabeticIndex(icu.Locale.getEnglish())
    index.maxLabelCount = 1000  # ICU's default of 99 drops Latin letters once other scripts are added
    for locale in _INDEX_LOCALES:
        index.addLabels(icu.Locale(locale))
    return index.buildImmutableIndex()


def index_letter(name: str, family: str = "") -> str:
    """The heading a person is filed under in an index of people: the first letter of the family
    name without its accents ("Öztürk" → O, "Łukasz" → L, "Коваленко" → К), as ICU's
    AlphabeticIndex (CLDR's index characters) gives it; "#" for names it has no letter for
    (digits, symbols, and Chinese characters, which CLDR indexes by reading, not by shape)."""
    index = _index()
    label, kind = index.getBucket(index.getBucketIndex(family_name(name, family)))
    return label if kind == icu.UAlphabeticIndexLabelType.NORMAL else _OTHER


def section_anchors(app, doctree: nodes.document) -> None:
    """doctree-read, before Sphinx collects the contents: a heading with letters outside ASCII
    gets its anchor from `slugify`, as every anchor the handbook makes does (docutils' own drops
    what is not Latin: "Привіт сусіди" would be `#id1`, "Straße" `#strasze`). Headings in ASCII
    keep docutils' anchors, and an anchor another target has already is left alone."""
    for section in doctree.findall(nodes.section):
        title = section.next_node(nodes.title)
        if title is None or not section["ids"] or title.astext().isascii():
            continue
        old = section["ids"][0]
        if old != nodes.make_id(title.astext()) and not re.fullmatch(r"id\d+", old):
            continue  # an anchor the editor wrote, not one made from the title
        slug = slugify(title.astext())
        if not slug or slug == old or slug in doctree.ids:
            continue
        section["ids"][0] = slug
        doctree.ids[slug] = doctree.ids.pop(old, section)
        for name, target in list(doctree.nameids.items()):
            if target == old:
                doctree.nameids[name] = slug
