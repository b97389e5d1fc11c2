"""Names in any script: slugs, the order of people and the letters of the index of people."""

from __future__ import annotations

import pytest
from handbook.content import names

SLUGS = [
    ("Cate Newnes-Smith", "cate-newnes-smith"),
    ("Łukasz Żebrowski", "lukasz-zebrowski"),
    ("Søren Ødegård", "soren-odegard"),
    ("Straße parties and the street", "strasse-parties-and-the-street"),
    ("Đặng Nguyễn", "dang-nguyen"),
    ("Æsa Dvořák", "aesa-dvorak"),
    ("Özlem Öztürk", "ozlem-ozturk"),
    ("Олена Коваленко", "olena-kovalenko"),
    ("Αλέξης Παππάς", "alexis-pappas"),
    ("محمد علي", "mhmd-ly"),
    ("דוד כהן", "dvd-khhn"),
    ("अमित शर्मा", "amit-srma"),
    ("王芳", "wang-fang"),
    ("社区互助会", "she-qu-hu-zhu-hui"),
    ("김민준", "gim-min-jun"),
    ("さくら", "sakura"),
    ("Thanks all round 🙏", "thanks-all-round"),
    ("👩🏽‍🔬 Lab ✅ day", "lab-day"),
    ("🙏", ""),
    ("— … —", ""),
]


@pytest.mark.parametrize(("text", "slug"), SLUGS)
def test_a_slug_is_readable_ascii_from_any_script(text, slug):
    assert names.slugify(text) == slug
    assert slug == "" or names.SLUG.match(slug)


@pytest.mark.parametrize("slug", [slug for _, slug in SLUGS if slug])
def test_a_slug_is_its_own_slug(slug):
    assert names.slugify(slug) == slug


# (name, family name as people.yaml gives it), in the order a reader of the index expects
ORDER = [
    ("Ángela Ábalos", ""),
    ("Anne Bowers", ""),
    ("Éamon Ó Briain", "Ó Briain"),  # the family name is two words: filed under O
    ("Søren Ødegård", ""),
    ("Renée Ødegård", ""),  # after Søren: the family names tie, then the whole name decides
    ("Jan van Oort", "Oort"),  # Dutch: "van" is not where it sorts
    ("Özlem Öztürk", ""),
    ("Łukasz Żebrowski", ""),
    ("Ruth Zimmer", ""),
    ("Αλέξης Παππάς", ""),
    ("Олена Коваленко", ""),
    ("王芳", "王"),
]


def test_people_sort_by_family_name_with_accents_folded():
    shuffled = ORDER[::-1]
    ordered = sorted(shuffled, key=lambda person: names.sort_key(*person))
    # Søren and Renée tie on Ødegård; their order is that of the whole name (R < S)
    expected = [*ORDER[:3], ORDER[4], ORDER[3], *ORDER[5:]]
    assert ordered == expected


@pytest.mark.parametrize(
    ("name", "family", "letter"),
    [
        ("Özlem Öztürk", "", "O"),
        ("Ángela Ábalos", "", "A"),
        ("Éamon Ó Briain", "", "B"),
        ("Éamon Ó Briain", "Ó Briain", "O"),
        ("Søren Ødegård", "", "O"),
        ("Łukasz Żebrowski", "", "Z"),
        ("Олена Коваленко", "", "К"),
        ("Αλέξης Παππάς", "", "Π"),
        ("王芳", "王", "#"),
        ("Sam 2nd", "", "#"),
    ],
)
def test_the_index_letter_is_the_family_names_first_letter_unaccented(name, family, letter):
    assert names.index_letter(name, family) == letter
