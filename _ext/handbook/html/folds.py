"""The letters Pagefind does not fold: words typed without them find the words as written.

Pagefind (1.5) folds letters with marks ("Renee" finds Renée) but not letters of their own such
as ø, ł, đ, ß, æ (Pagefind/pagefind#1210). The index step writes, beside Pagefind's index, every
indexed word with such a letter under its ASCII spelling, and the search page searches a word
typed that way both as typed and as written (handbook-search.js).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from html import unescape
from pathlib import Path

from handbook.content import names

#: Written beside Pagefind's index: the search script reads it (handbook-search.js).
FOLDS = "handbook-folds.json"
#: In the doctree folder, beside the copies: each copy's words that Pagefind does not fold, so that
#: a build reads only the copies it changed.
WORDS = "pagefind-words.json"
_WORD = re.compile(r"[^\W\d_]+")
_TAG = re.compile(r"<[^>]*>")


def _pagefind_fold(word: str) -> str:
    """A word as Pagefind (1.5) indexes it: lowercase, without combining marks (é → e, ř → r)."""
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


def _typed(word: str) -> str:
    return names.slugify(word).replace("-", "")


def unfolded_words(text: str) -> list[str]:
    """The words of `text`, sorted, in Latin letters that are not a base letter with marks and so
    that Pagefind does not fold (ø, ł, đ, ß, æ, œ, þ, ħ: Pagefind/pagefind#1210): "Ødegård",
    "Łukasz", "Straße"."""
    found = []
    for word in sorted(set(_WORD.findall(text))):
        if not all(unicodedata.name(letter, "").startswith("LATIN") for letter in word):
            continue
        typed = _typed(word)
        if typed and typed != _pagefind_fold(word):
            found.append(word)
    return found


def folds(words: Iterable[str]) -> dict[str, str]:
    """Words typed without their special letters → the word as written, for the words
    `unfolded_words` found: {"odegard": "ødegård", "lukasz": "łukasz", "strasse": "straße"}. The
    search page searches both spellings, so a page that writes the name without its special
    letters is found too."""
    found: dict[str, str] = {}
    for word in sorted(set(words)):
        found.setdefault(_typed(word), word.lower())
    return found


def page_text(copy: Path) -> str:
    """The text of a page's copy, without its tags."""
    return unescape(_TAG.sub(" ", copy.read_text(encoding="utf-8")))


def update_folds(pages: Path, changed: set[str]) -> None:
    """Bring `WORDS` (beside `pages`) up to date: the copies named in `changed` (relative paths)
    are read again, and only they; every copy when `WORDS` is missing or unreadable."""
    store = pages.parent / WORDS
    try:
        words = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        words, changed = {}, {copy.relative_to(pages).as_posix() for copy in pages.rglob("*.html")}
    if not changed and store.exists():
        return
    for name in changed:
        copy = pages / name
        if copy.is_file():
            words[name] = unfolded_words(page_text(copy))
        else:
            words.pop(name, None)
    store.write_text(json.dumps(words, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def write_folds(pages: Path, path: Path) -> None:
    """The folds of every word of the indexed pages, as JSON at `path` (beside the index), from
    the words `update_folds` keeps beside `pages`."""
    update_folds(pages, set())
    words = json.loads((pages.parent / WORDS).read_text(encoding="utf-8"))
    found = folds(word for page in words.values() for word in page)
    path.write_text(json.dumps(found, ensure_ascii=False, sort_keys=True), encoding="utf-8")
