"""Every script in print: the root of every script (`tests/roots/test-scripts/`) printed as a
handbook and a guide, read back with pdftotext as a reader copying from the PDF would.

pdftotext gives Arabic letters in their joined forms (NFKC maps them back to the letters typed)
and a right-to-left phrase word by word in the order they are drawn, right to left; both are
compared word by word. Everything else is compared character for character.
"""

from __future__ import annotations

import re
import shutil
import unicodedata

import pytest
from handbook.latex import direction
from helpers import PROJECT
from test_pdf import build

ROOT = PROJECT / "tests" / "roots" / "test-scripts"
#: directional marks pdftotext puts around a right-to-left run
MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

NAMES = [
    "Олена Коваленко",
    "Kharkiv Neighbours Network",
    "Özlem Öztürk",
    "Ángela Ábalos",
    "Éamon Ó Briain",
    "Łukasz Żebrowski",
    "Søren Ødegård",
    "Renée Ødegård",
    "王芳",
    "社区互助会 (Chinatown Mutual Aid Association)",
    "同舟共济",
    "Thanks all round 🙏",
    "thank you all 🙏",
    "a round of 👏 from the room",
    "Everyone agreed ✅",
    "Αλέξης Παππάς",
    "Σύλλογος Γειτόνων",
    "Харківська мережа сусідів",
    "ليلى حداد",
    "جمعية الجيران",
    "مرحبا بكم جميعا",
    "נועה לוי",
    "בית הקהילה",
    "ברוכים הבאים",
    "अमित शर्मा",
    "सामुदायिक रसोई",
    "स्वागत है",
    "山田花子",
    "東京ボランティア協会",
    "ようこそ",
    "町内会",
    "김민준",
    "이웃사랑 모임",
    "환영합니다",
    "Nguyễn Thị Lan",
    "Hội Người Việt",
    "Straße",
    "Antonín Dvořák",
    "Everyone agreed 🎉 to meet again.",
    "Voices: Γειά, Привіт, مرحبا, שלום, नमस्ते, 你好, こんにちは, 안녕하세요 👋",
]

#: the index of people, letter by letter, as test_scripts.PEOPLE_ORDER has it on the web
INDEX = [
    "A",
    "Ángela Ábalos",
    "D",
    "Antonín Dvořák",
    "L",
    "Priya Lakhani-Stone",
    "N",
    "Nguyễn Thị Lan",
    "O",
    "Éamon Ó Briain",
    "Renée Ødegård",
    "Søren Ødegård",
    "Jan van Oort",
    "Özlem Öztürk",
    "Z",
    "Łukasz Żebrowski",
    "Ruth Zimmer",
    "Π",
    "Αλέξης Παππάς",
    "К",
    "Олена Коваленко",
    "ל",
    "נועה לוי",
    "ح",
    "ليلى حداد",
    "श",
    "अमित शर्मा",
    "ㄱ",
    "김민준",
    "#",
    "山田花子",
    "王芳",
]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    out = tmp_path_factory.mktemp("scripts-print")
    shutil.copytree(ROOT, out / "src")
    return build(out / "src", out, ["handbook", "guide-power"])


def words(text: str) -> list[str]:
    """Words as a reader compares them: NFKC (joined Arabic forms → letters), no directional marks."""
    return MARKS.sub("", unicodedata.normalize("NFKC", text)).split()


def holds(text: str, phrase: str) -> bool:
    """The phrase as typed; a right-to-left one word by word in either order, as drawn."""
    found = " ".join(words(text))
    wanted = words(phrase)
    if not direction.rtl_runs(phrase):
        return " ".join(wanted) in found
    return all(word in found.split() or word.strip(",") in found for word in wanted)


def test_every_script_prints_without_a_warning_or_a_missing_character(printed):
    warnings, documents = printed
    assert warnings == []
    for document in documents.values():
        assert "Missing character" not in document.log
        assert "undefined" not in document.log.lower()


@pytest.mark.parametrize("phrase", NAMES)
def test_every_name_and_word_prints_as_typed(printed, phrase):
    _, documents = printed
    assert holds(" ".join(documents["handbook"].pages), phrase)
    assert holds(" ".join(documents["guide-power"].pages), phrase)


def test_a_reordered_script_copies_as_typed(printed):
    """Devanagari's vowel signs are drawn before their consonant; the PDF carries the text."""
    _, documents = printed
    assert "अमित शर्मा" in documents["handbook"].text()
    assert "सामुदायिक रसोई" in documents["guide-power"].text()


def test_a_right_to_left_phrase_is_drawn_right_to_left(printed):
    """pdftotext reads the words in the order they are drawn: a phrase set right to left reads
    last word first."""
    _, documents = printed
    text = " ".join(words(" ".join(documents["handbook"].pages)))
    assert "Layla said جميعا بكم مرحبا (welcome" in text
    assert "Noa added הבאים ברוכים and told us" in text


def entry(line: str) -> str:
    """A line of the index as compared: a right-to-left name's words in either order."""
    found = words(line)
    return " ".join(sorted(found) if direction.rtl_runs(line) else found)


def index_of_people(document) -> list[str]:
    start = next(i for i, page in enumerate(document.pages) if page.lstrip().startswith("Index of people"))
    lines = [entry(line) for page in document.pages[start:] for line in page.splitlines()]
    return [line for line in lines if line in {entry(name) for name in INDEX}]


def test_the_printed_index_of_people_files_names_by_family_name(printed):
    _, documents = printed
    assert index_of_people(documents["handbook"]) == [entry(name) for name in INDEX]


def test_people_are_found_through_the_index_alone(printed):
    """The printed handbook has no chapter of people pages: its index of people, in family-name
    order (above), is the one place that lists them, and the outline leads to it."""
    _, documents = printed
    titles = [title for _, title, _ in documents["handbook"].outline()]
    assert "People" not in titles
    assert "Index of people" in titles
