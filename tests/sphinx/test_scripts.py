"""People and words in every script: linked, sorted and shown as typed on the website (found:
test_search.py; printed: test_scripts_in_print.py).

The root `tests/roots/test-scripts/` holds speakers, organisations, titles and text in Latin with
diacritics, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Chinese, Japanese and Korean, and emoji;
the notes dated 2023-06-01 to 2023-06-16 are the cases of names in other scripts as editors
reported them, one note each.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import PROJECT

ROOT = PROJECT / "tests" / "roots" / "test-scripts"
CELL = "cells/sharing-and-building-power"

#: the people index as a reader expects it: family names A–Z with accents folded (Ó Briain,
#: van Oort and the names written family name first say so in people.yaml), then other scripts
PEOPLE_ORDER = [
    ("A", ["Ángela Ábalos"]),
    ("D", ["Antonín Dvořák"]),
    ("L", ["Priya Lakhani-Stone"]),
    ("N", ["Nguyễn Thị Lan"]),
    ("O", ["Éamon Ó Briain", "Renée Ødegård", "Søren Ødegård", "Jan van Oort", "Özlem Öztürk"]),
    ("Z", ["Łukasz Żebrowski", "Ruth Zimmer"]),
    ("Π", ["Αλέξης Παππάς"]),
    ("К", ["Олена Коваленко"]),
    ("ל", ["נועה לוי"]),
    ("ح", ["ليلى حداد"]),
    ("श", ["अमित शर्मा"]),
    ("ㄱ", ["김민준"]),
    ("#", ["山田花子", "王芳"]),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The root built as `make html` builds it: (warnings, html folder)."""
    from sphinx.cmd.build import build_main

    out = tmp_path_factory.mktemp("scripts")
    stderr = io.StringIO()
    with redirect_stderr(stderr):
        status = build_main(["-b", "html", "-q", "-n", "-d", str(out / "doctrees"), str(ROOT), str(out / "html")])
    assert status == 0
    return stderr.getvalue(), out / "html"


def article(html: Path, docname: str):
    built = BeautifulSoup((html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    return built.select_one("article.bd-article")


def test_every_script_builds_without_a_warning(built):
    warnings, _ = built
    assert warnings == ""


def test_a_speaker_named_in_cyrillic_has_a_card_and_a_readable_person_page(built):
    _, html = built
    card = article(html, f"{CELL}/2023-06-01-neighbours-across-borders").select_one(".handbook-speaker")
    assert card.select_one(".handbook-speaker-name").get_text() == "Олена Коваленко"
    assert card.select_one(".handbook-role").get_text() == "organiser"
    assert card.select_one(".handbook-org").get_text() == "Kharkiv Neighbours Network"
    assert card.select_one(".handbook-speaker-name a")["href"] == "../../people/olena-kovalenko.html"
    assert article(html, "people/olena-kovalenko").h1.get_text().rstrip("#") == "Олена Коваленко"


def test_slugs_keep_every_letter(built):
    _, html = built
    note = article(html, f"{CELL}/2023-06-16-saturday-school")
    links = [a["href"].rsplit("/", 1)[-1] for a in note.select(".handbook-speaker-name a")]
    assert links == ["lukasz-zebrowski.html", "soren-odegard.html"]
    for slug, name in [
        ("lukasz-zebrowski", "Łukasz Żebrowski"),
        ("soren-odegard", "Søren Ødegård"),
        ("alexis-pappas", "Αλέξης Παππάς"),
        ("antonin-dvorak", "Antonín Dvořák"),
    ]:
        assert article(html, f"people/{slug}").h1.get_text().rstrip("#") == name


def test_the_people_index_files_names_by_family_name_with_accents_folded(built):
    _, html = built
    listing = article(html, "people/index")
    groups = [
        (rubric.get_text(), [a.get_text() for a in rubric.find_next_sibling("ul").select("a")])
        for rubric in listing.select("p.rubric")
    ]
    assert groups == PEOPLE_ORDER
    assert [rubric.get("id") for rubric in listing.select("p.rubric")][:6] == [
        "people-a",
        "people-d",
        "people-l",
        "people-n",
        "people-o",
        "people-z",
    ]


def test_every_name_is_shown_as_typed(built):
    _, html = built
    note = article(html, f"{CELL}/2023-06-20-voices")
    assert note.h1.get_text().rstrip("#") == "Voices: Γειά, Привіт, مرحبا, שלום, नमस्ते, 你好, こんにちは, 안녕하세요 👋"
    assert [name.get_text() for name in note.select(".handbook-speaker-name")] == [
        "Αλέξης Παππάς",
        "Олена Коваленко",
        "ليلى حداد",
        "נועה לוי",
        "अमित शर्मा",
        "山田花子",
        "김민준",
        "Nguyễn Thị Lan",
        "Jan van Oort",
        "Antonín Dvořák",
    ]
    assert "社区互助会 (Chinatown Mutual Aid Association)" in article(html, f"{CELL}/2023-06-05-one-boat").get_text()


def test_words_marked_as_another_language_carry_lang_and_dir(built):
    _, html = built
    note = article(html, f"{CELL}/2023-06-20-voices")
    marked = [(span.get_text(), span["lang"], span["dir"]) for span in note.select("span[lang]")]
    assert marked == [
        ("ليلى حداد", "ar", "rtl"),
        ("مرحبا بكم جميعا", "ar", "rtl"),
        ("ברוכים הבאים", "he", "rtl"),
        ("山田花子", "ja", "ltr"),
        ("ようこそ", "ja", "ltr"),
    ]
    # the name stays a link to the person's page; the text around a phrase keeps its direction
    assert note.select_one('a[href$="people/layla-haddad.html"] span[lang="ar"]') is not None
    assert "Layla said مرحبا بكم جميعا (welcome, all of you) to the room." in note.get_text(" ", strip=True)


def test_a_heading_in_any_script_gets_a_readable_anchor(built):
    _, html = built
    note = article(html, f"{CELL}/2023-06-20-voices")
    anchors = {section.h2.get_text().rstrip("#"): section["id"] for section in note.select("section") if section.h2}
    assert anchors["Привіт, сусіди"] == "privit-susidi"
    assert anchors["Straße parties"] == "strasse-parties"
    assert note.select_one('a.headerlink[href="#privit-susidi"]') is not None
