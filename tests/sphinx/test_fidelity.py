"""Every sentence of the network's notes reaches its page, and no page says what the notes don't."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fidelity.export import TAGGED, UNTAGGED, normalise, sentences, tagged_notes, untagged_notes
from handbook.content import fields, layout
from handbook.content.dates import MONTHS, PartialDate
from helpers import PROJECT

# What the handbook adds around the note's words: labels, generated listings, navigation, and the
# label of a work the note names, cited from references.bib ("[Alinsky, n.d.]"), and what the handbook
# adds (`handbook-added`: key points' numbers, a block's attribution).
ADDED = ".headerlink, .handbook-meeting-header, .handbook-speaker-header, .handbook-listing, .bibtex-citation, .handbook-added"


def meeting_pages(html: Path) -> dict[str, Path]:
    return {path.stem: path for path in sorted((html / "cells").glob("*/*.html")) if path.stem != "index"}


def read(path: Path) -> BeautifulSoup:
    body = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article.bd-article")
    for added in body.select(ADDED):
        added.decompose()
    return body


def essays_of(slug: str) -> list[str]:
    """Essays that hold part of a meeting's note (front matter `meeting: <slug>`)."""
    found = []
    for path in sorted((PROJECT / "essays").glob("*.md")):
        data, _, _ = fields.read_mapping(path.read_text(encoding="utf-8"))
        if data.get("meeting") == slug:
            found.append(path.stem)
    return found


@pytest.fixture(scope="module")
def notes(handbook):
    """Each export note with the text of the pages it became (meeting page and its essays)."""
    html = handbook[2]
    pages = meeting_pages(html)
    by_title = {}
    for name, path in pages.items():
        body = read(path)
        texts = [body.get_text("")]
        slug = layout.meeting_slug(name)
        texts += [read(html / "essays" / f"{essay}.html").get_text("") for essay in essays_of(slug)]
        by_title[normalise(body.select_one("h1").get_text(""))] = (name, normalise(" ".join(texts)))
    exported = tagged_notes() + untagged_notes(set(by_title))
    return exported, by_title


def test_the_export_holds_27_notes_26_distinct_and_each_has_a_page(notes):
    exported, by_title = notes
    assert len(exported) == 27
    assert len({note.title for note in exported}) == 26
    assert {note.title for note in exported} == set(by_title)


def test_every_sentence_of_every_note_is_on_its_page(notes, capsys):
    exported, by_title = notes
    missing, counted = [], 0
    for note in exported:
        name, text = by_title[note.title]
        for sentence in sentences(note.text):
            counted += 1
            if sentence not in text:
                missing.append((name, sentence))
    with capsys.disabled():
        print(
            f"\nfidelity: {counted} sentences in {len(exported)} notes ({len(by_title)} pages), {len(missing)} missing"
        )
    assert missing == []


def test_no_meeting_page_says_what_the_notes_do_not(handbook):
    export = normalise(TAGGED.read_text(encoding="utf-8") + "\n" + UNTAGGED.read_text(encoding="utf-8"))
    invented = []
    for name, path in meeting_pages(handbook[2]).items():
        body = read(path)
        for heading in body.select("h1, h2, h3, h4"):
            heading.decompose()
        for block in body.select("p, li"):
            if block.find(["p", "li"]):
                continue
            for sentence in sentences(block.get_text("")):
                if sentence not in export:
                    invented.append((name, sentence))
    assert invented == []


DATE_FORMS = (
    r"{day}(?:st|nd|rd|th)?\s+{month}\s+(?:{year}|{short})|{month}\s+{day}(?:st|nd|rd|th)?,?\s+(?:{year}|{short})"
)


def stated(date: PartialDate, text: str) -> bool:
    """Whether a note's text states this date ("30th May 2023", "2nd March 23", "April 17th 2023")."""
    month = MONTHS[date.month - 1] if date.month else ""
    if date.day:
        pattern = DATE_FORMS.format(day=date.day, month=month, year=date.year, short=str(date.year)[2:])
    elif date.month:
        pattern = rf"{month}\s+{date.year}"
    else:
        pattern = str(date.year)
    return re.search(pattern, normalise(text)) is not None


def test_every_front_matter_date_is_stated_in_the_export(notes):
    exported, by_title = notes
    text_of = {by_title[note.title][0]: note.text for note in exported}
    unstated = []
    for source in sorted((PROJECT / "cells").glob("*/*.md")):
        if source.name == "index.md":
            continue
        data, lines, _ = fields.read_mapping(source.read_text(encoding="utf-8"))
        if "date" not in data:
            continue
        date = PartialDate.parse(data["date"])
        date_line = source.read_text(encoding="utf-8").splitlines()[lines["date"] - 1]
        named = [name for name in text_of if layout.meeting_slug(name) in date_line.split("#", 1)[-1]]
        if not any(stated(date, text_of[name]) for name in [source.stem, *named]):
            unstated.append(source.stem)
    assert unstated == []
