"""The printed handbook and the themed guides, read as a reader reads the PDFs.

Two builds: a small root whose every field holds LaTeX's special characters, and the real
handbook (its health guide and the whole handbook). xelatex is slow, so each PDF is made once.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import time
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fidelity.export import normalise, sentences, tagged_notes, untagged_notes
from handbook.content import fields, layout
from handbook.content.headings import page_title
from handbook.content.people import people_of, read_registry, speakers_of
from handbook.content.text import read_source
from handbook.latex import typeset
from helpers import PROJECT
from pypdf import PdfReader
from sphinx.cmd.build import build_main

ROOT = PROJECT / "tests" / "roots" / "test-print"
# handbook.sty's A4 page: running heads sit above 56 pt, page numbers below 780 pt.
BODY = ["-x", "0", "-y", "56", "-W", "596", "-H", "724"]
PAGEREF = re.compile(r"\s*\(p\. \d+\)")
# "[Cottam, 2018]", "[Alinsky, n.d.]": a work's author and year, as cited.
CITATION_LABEL = re.compile(r"\[[^\[\]]*?, (?:\d{4}[a-z]?|n\.d\.)\]")
# A citation as print adds it to the note's words: the space before its label, and the label.
CITED = re.compile(r"\s?" + CITATION_LABEL.pattern)


class Printed:
    """A PDF as a reader sees it: each page's text without running head and page number (as
    printed, never re-hyphenated), the page numbers printed on the pages, and the outline."""

    def __init__(self, path: Path, seconds: float) -> None:
        self.path, self.seconds = path, seconds
        self.reader = PdfReader(path)
        raw = subprocess.run(
            ["pdftotext", "-raw", *BODY, str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        self.pages = raw.split("\f")[: len(self.reader.pages)]
        self.labels = self.reader.page_labels
        self.log = path.with_suffix(".log").read_text(encoding="utf-8", errors="replace")

    def text(self) -> str:
        return normalise(" ".join(self.pages))

    def outline(self) -> list[tuple[int, str, str]]:
        """(depth, title, printed page number) of every bookmark."""
        found = []

        def walk(items, depth):
            for item in items:
                if isinstance(item, list):
                    walk(item, depth + 1)
                else:
                    found.append((depth, item.title, self.labels[self.reader.get_destination_page_number(item)]))

        walk(self.reader.outline, 0)
        return found

    def page_of(self, words: str) -> str:
        """The printed number of the first page that holds these words."""
        return next(self.labels[i] for i, page in enumerate(self.pages) if words in normalise(page))

    def reader_text(self) -> str:
        """The text with what print adds to a note's words taken out: page references and the
        labels of works cited."""
        return normalise(CITED.sub("", PAGEREF.sub("", " ".join(self.pages))))


def build(srcdir: Path, out: Path, documents: list[str], *options: str) -> tuple[list[str], dict[str, Printed]]:
    """Sphinx's LaTeX build (its warnings), then the documents printed as `make pdf` prints them;
    the warnings include each overfull box."""
    stderr = io.StringIO()
    with redirect_stderr(stderr):
        build_main(["-b", "latex", "-q", "-n", *options, "-d", str(out / "doctrees"), str(srcdir), str(out / "latex")])
    warnings = [line for line in stderr.getvalue().splitlines() if "WARNING" in line or "ERROR" in line]
    latex = out / "latex"
    start = time.monotonic()
    outcomes = typeset.typeset(latex, srcdir, documents, [])
    seconds = time.monotonic() - start
    assert [(outcome.name, outcome.error) for outcome in outcomes if not outcome.pdf] == []
    warnings += [warning for outcome in outcomes for warning in outcome.warnings]
    printed = {outcome.name: Printed(outcome.pdf, seconds) for outcome in outcomes}
    return warnings, printed


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The small root, printed: the handbook, the health guide and the power guide."""
    out = tmp_path_factory.mktemp("print")
    shutil.copytree(ROOT, out / "src")
    warnings, printed = build(out / "src", out, ["handbook", "guide-health", "guide-power"])
    return out, warnings, printed


def print_real(out: Path, paper: str = "a4") -> tuple[list[str], dict[str, Printed]]:
    """The real handbook and every theme's guide, printed on this paper (named as on A4)."""
    names = ["handbook", *(f"guide-{theme}" for theme in sorted(layout.known_themes(PROJECT)))]
    suffix = "" if paper == "a4" else f"-{paper}"
    warnings, printed = build(PROJECT, out, [name + suffix for name in names], "-D", f"handbook_paper={paper}")
    return warnings, {name: printed[name + suffix] for name in names}


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The real handbook, printed: the whole handbook and every theme's guide, on A4."""
    return print_real(tmp_path_factory.mktemp("real-print"))


#: The papers other than A4 a guide is printed on (`PAPER=a5`, `PAPER=letter`).
OTHER_PAPERS = ("a5", "letter")


@pytest.fixture(scope="module")
def on_paper(request, real, tmp_path_factory):
    """(paper, warnings, documents): the real handbook and guides on each paper, A4 included."""
    if request.param == "a4":
        return ("a4", *real)
    return (request.param, *print_real(tmp_path_factory.mktemp(f"real-print-{request.param}"), request.param))


every_paper = pytest.mark.parametrize("on_paper", ["a4", *OTHER_PAPERS], indirect=True)


SPECIALS = [
    # every field of the note, as its page shows it
    "Specials $ % & ~ _ ^ \\ { } #2 “quoted” – £5 café",  # title
    "Is $5 & 100% of {it} #1 ~ a_b ^ \\input{/etc/passwd} fair?",  # question
    "round_table & co ~ 50%",  # format
    "Cell #1 $ % & ~ _ ^ \\ { } end",  # cell
    "Health & 100% {care} #1",  # theme
    "Mallory $ % & ~ _ ^ \\\\ { } #3 O’Neil",  # speaker's name as the card states it
    "lead & 100% {chair} ~ no.#1",  # role
    "Tom_&_Jerry’s \\\\write18{touch orgpwned} £",  # organisation
    "She said “£5 is 100% & more” – “it’s café time”, no break.",  # card body, no-break space
    "Body with \\input{/etc/passwd} and \\write18{touch bodypwned} and $x^2$ and ~tilde~ and a_b_c.",
    "Points $ % & ~ _ ^ \\ { } #4 made:",  # key points' title
    "First point: £10 & 20% – “quoted” #hash {braces} \\relax.",  # key point
    "A theme about £5 and é, with \\input{/etc/passwd} and \\write18{touch themepwned}.",
]


def test_the_small_root_prints_without_warnings_or_missing_characters(small):
    _, warnings, printed = small
    assert warnings == []
    for document in printed.values():
        assert "Missing character" not in document.log
        assert "undefined" not in document.log.lower()


@pytest.mark.parametrize("words", SPECIALS)
def test_latex_specials_and_non_ascii_print_as_typed(small, words):
    _, _, printed = small
    assert normalise(words) in printed["guide-health"].text()


def test_latex_in_a_field_runs_nothing(small):
    out, _, printed = small
    assert not list(out.rglob("*pwned*"))
    assert "root:" not in printed["guide-health"].text()  # /etc/passwd was not read in


def test_cover_names_the_theme_the_network_and_the_dates_of_its_meetings(small):
    _, _, printed = small
    assert normalise(printed["guide-health"].pages[0]) == (
        "A $5 ~ {network} #1 Health & 100% {care} #1 A guide to the notes of A $5 ~ {network} #1 "
        "1 January 2023 – 1 February 2023 2 meetings"
    )
    assert printed["guide-health"].reader.metadata.title == "Health & 100% {care} #1"
    assert "1 January 2023 – 1 March 2023 3 meetings" in normalise(printed["handbook"].pages[0])


def test_contents_list_the_chapters_and_meetings_with_their_pages(small):
    _, _, printed = small
    contents = normalise(re.sub(r"( \.)+", "", printed["guide-health"].pages[1]))
    assert contents == (
        "Contents Health & 100% {care} #1 1 Cell #1 $ % & ~ _ ^ \\ { } end 2 References 2 "
        "Specials $ % & ~ _ ^ \\ { } #2 “quoted” – £5 café 3 Works cited 3 Index of people 4"
    )


def test_outline_lists_cells_and_the_themes_meetings_and_no_other(small):
    _, _, printed = small
    outline = [(depth, title) for depth, title, _ in printed["guide-health"].outline()]
    assert outline == [
        (0, "Health & 100% {care} #1"),
        (0, "Cell #1 $ % & ~ _ ^ \\ { } end"),
        (1, "References"),
        (1, "Specials $ % & ~ _ ^ \\ { } #2 “quoted” – £5 café"),
        (0, "Works cited"),
        (0, "Index of people"),
    ]
    assert "Elsewhere on power" in [title for _, title, _ in printed["guide-power"].outline()]


def test_a_reference_gives_the_page_where_its_target_starts(small):
    _, _, printed = small
    guide = printed["guide-health"]
    starts = {title: page for _, title, page in guide.outline()}
    text = guide.text()
    meeting = re.search(r"The earlier meeting Specials .*? café \(p\. (\d+)\)", text).group(1)
    point = re.search(r"key point 1 \(p\. (\d+)\)", text).group(1)
    assert meeting == starts["Specials $ % & ~ _ ^ \\ { } #2 “quoted” – £5 café"] == "3"
    assert "its speaker Mallory, its first point" in text  # a person's pages are in the index of people
    assert point == guide.page_of("▶ First point: £10")  # in its meeting, not in the theme's digest


def test_a_link_to_a_meeting_outside_the_guide_is_its_title_with_no_page(small):
    _, _, printed = small
    assert "a meeting on another theme: Elsewhere on power." in printed["guide-health"].text()
    assert re.search(r"a meeting on another theme: Elsewhere on power \(p\. \d+\)\.", printed["handbook"].text())


def test_speaker_card_keeps_name_role_organisation_and_words(small):
    _, _, printed = small
    card = re.search(r"Mallory \$ .*? O’Neil (.*?) Body with", printed["guide-health"].text()).group(1)
    assert card == (
        "lead & 100% {chair} ~ no.#1 · Tom_&_Jerry’s \\\\write18{touch orgpwned} £ "
        "She said “£5 is 100% & more” – “it’s café time”, no break."
    )


def test_index_of_people_gives_each_speaker_and_the_page_they_speak_on(small):
    _, _, printed = small
    guide = printed["guide-health"]
    index = normalise(guide.pages[-1])
    assert index.startswith("Index of people O Mallory $ % & ~ _ ^ \\ { } #3 O’Neil Specials")
    assert index.endswith(f"café, {guide.page_of('Tom_&_Jerry')}")
    assert "Trent" in normalise(printed["guide-power"].pages[-1])


def test_works_cited_holds_the_works_the_documents_pages_cite(small):
    _, _, printed = small
    health, power, handbook = (printed[name].text() for name in ("guide-health", "guide-power", "handbook"))
    assert "Second point about the work the note names [Writer, 2020]." in health
    assert "Works cited [Writer, 2020] Alice Writer. A Work the Note Names. 2020." in health
    assert "A Work No Note Names" not in health + handbook
    assert "Works cited" not in power
    # The essays' own "Works cited" heading is not left empty in the handbook: its works are the
    # handbook's list, at the end.
    assert handbook.count("Works cited") == 2  # contents and the list


def word_boxes(document: Printed, page: int) -> list[tuple[float, float, float, str]]:
    """(line's top, left, right, word) of every word on a page (0-based), as pdftotext places them."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(document.path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (round(float(top)), float(left), float(right), word)
        for left, top, right, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', xml
        )
    ]


def test_table_cells_are_ragged_right(small):
    """Justified, a narrow column opens rivers: in every line of a cell, each space between words
    is as wide as the others."""
    _, _, printed = small
    guide = printed["guide-power"]
    page = next(number for number, text in enumerate(guide.pages) if "What they brought" in text)
    words = word_boxes(guide, page)
    header = next(top for top, _, _, word in words if word == "brought")
    columns = sorted(left for top, left, _, word in words if top == header and word in ("Who", "What"))
    body = [box for box in words if box[0] > header and box[1] >= columns[0]]
    lines: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for top, left, right, _ in body:
        column = max(index for index, start in enumerate(columns) if start <= left + 0.5)
        lines.setdefault((column, top), []).append((left, right))
    gaps = [after[0] - before[1] for line in lines.values() for before, after in itertools.pairwise(sorted(line))]
    assert len(columns) == 4 and len(gaps) > 20
    assert max(gaps) - min(gaps) < 0.3


def html(out: Path) -> list[str]:
    """The small root's website, built (again) with the printed guides found in out/printed."""
    stderr = io.StringIO()
    with redirect_stderr(stderr):
        build_main(
            [
                "-b",
                "html",
                "-q",
                "-n",
                "-D",
                f"handbook_pdf_dir={out / 'printed'}",
                "-d",
                str(out / "html-doctrees"),
                str(out / "src"),
                str(out / "html"),
            ]
        )
    return [line for line in stderr.getvalue().splitlines() if "WARNING" in line]


def guide_link(out: Path):
    page = BeautifulSoup((out / "html" / "themes" / "health.html").read_text(encoding="utf-8"), "html.parser")
    return page.select_one(".handbook-guide-link a")


def test_website_leaves_the_guides_start_pages_out_and_links_a_guide_once_printed(small):
    out, _, printed = small
    (out / "printed").mkdir()
    assert html(out) == []
    assert (out / "src" / "guides" / "guide-health.md").exists()
    assert not (out / "html" / "guides").exists()
    assert guide_link(out) is None  # nothing printed yet: no link that would not work
    meeting = (out / "html" / "cells" / "a" / "2023-01-01-specials.html").read_text(encoding="utf-8")
    assert "guides/" not in meeting  # the start pages give no meeting a place in the navigation

    for name in ("guide-health", "handbook"):
        shutil.copy2(printed[name].path, out / "printed")
    assert html(out) == []
    link = guide_link(out)
    assert (link["href"], link.get_text()) == ("../guides/guide-health.pdf", "Health & 100% {care} #1 (PDF)")
    assert sorted(path.name for path in (out / "html" / "guides").iterdir()) == ["guide-health.pdf", "handbook.pdf"]


def test_website_has_the_index_of_people(small):
    out, _, _ = small
    if not (out / "html").exists():
        html(out)
    people = (out / "html" / "handbook-people.html").read_text(encoding="utf-8")
    assert "Mallory $ % &amp; ~ _ ^ \\ { } #3 O’Neil" in people
    assert "cells/a/2023-01-01-specials.html#specials-speaker-1" in people


def test_a_citation_is_set_apart_from_the_word_it_follows_by_a_space_that_does_not_break(small):
    """The note writes ``names{cite:p}`cited2020work` ``: "names [Writer, 2020]" on the website
    (a no-break space) and in print, never "names[Writer, 2020]"."""
    out, _, printed = small
    if not (out / "html").exists():
        html(out)
    meeting = BeautifulSoup(
        (out / "html" / "cells" / "a" / "2023-01-01-specials.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert "the note names\u00a0[Writer, 2020]." in meeting.get_text()
    assert "the note names [Writer, 2020]." in printed["guide-health"].text()


# --- the real handbook ------------------------------------------------------------------------


def meetings_of(theme: str | None) -> set[str]:
    """The titles of the meetings a theme's guide holds (every meeting for the handbook)."""
    titles = set()
    themes = layout.known_themes(PROJECT)
    for path in layout.meeting_sources(PROJECT):
        text = read_source(path)[0]
        data, lines, _ = fields.read_mapping(text)
        if theme is None or theme in fields.validate_meeting(data, lines, themes)[0].themes:
            titles.add(normalise(page_title(text)))
    return titles


def test_real_handbook_prints_without_warnings_or_missing_characters(real, capsys):
    warnings, printed = real
    assert warnings == []
    with capsys.disabled():
        for name, document in printed.items():
            print(f"\n{name}.pdf: {len(document.pages)} pages", end="")
    for document in printed.values():
        assert "Missing character" not in document.log
        assert "undefined" not in document.log.lower()


def titles_that_are_questions() -> list[str]:
    """The titles of the meetings whose question is their title, word for word."""
    found = []
    for path in layout.meeting_sources(PROJECT):
        text = read_source(path)[0]
        question = str(fields.read_mapping(text)[0].get("question", ""))
        if question and normalise(question) == normalise(page_title(text)):
            found.append(normalise(page_title(text)))
    return found


def test_a_question_that_is_its_meetings_title_is_printed_once(real):
    _, printed = real
    titles = titles_that_are_questions()
    assert titles
    for name, document in printed.items():
        starts = {title: page for _, title, page in document.outline()}
        for title in titles:
            if title in starts:
                page = document.pages[document.labels.index(starts[title])]
                assert normalise(page).count(title) == 1, (name, title)


def test_guide_outline_lists_every_meeting_of_its_theme_and_no_other(real):
    _, printed = real
    outlined = {title for _, title, _ in printed["guide-health"].outline()}
    assert outlined & meetings_of(None) == meetings_of("health")
    assert {title for _, title, _ in printed["handbook"].outline()} >= meetings_of(None)


def test_guide_listing_gives_the_page_each_meeting_starts_on(real):
    _, printed = real
    guide = printed["guide-health"]
    starts = {title: page for depth, title, page in guide.outline() if depth == 1}
    text = guide.text()
    for title in meetings_of("health"):
        assert re.search(re.escape(title) + r" \(p\. (\d+)\)", text).group(1) == starts[title]


def notes_printed_in(titles: set[str]):
    return [note for note in tagged_notes() + untagged_notes(meetings_of(None)) if note.title in titles]


def test_every_sentence_of_the_guides_meetings_is_in_the_guide(real):
    _, printed = real
    text = printed["guide-health"].reader_text()
    notes = notes_printed_in(meetings_of("health"))
    assert len({note.title for note in notes}) == len(meetings_of("health"))
    assert [sentence for note in notes for sentence in sentences(note.text) if sentence not in text] == []


def test_every_sentence_of_the_export_is_in_the_handbook(real):
    _, printed = real
    text = printed["handbook"].reader_text()
    notes = notes_printed_in(meetings_of(None))
    assert len(notes) == 27
    assert [sentence for note in notes for sentence in sentences(note.text) if sentence not in text] == []


def test_guide_index_of_people_lists_each_speaker(real):
    _, printed = real
    guide = printed["guide-health"]
    start = next(i for i, page in enumerate(guide.pages) if normalise(page).startswith("Index of people"))
    index = normalise(" ".join(guide.pages[start:]))
    people = everyone()
    speakers = set()
    for path in layout.meeting_sources(PROJECT):
        text = read_source(path)[0]
        if normalise(page_title(text)) in meetings_of("health"):
            speakers |= {people[slug].name for slug, _ in speakers_of(text)}
    assert speakers and [name for name in sorted(speakers) if name not in index] == []


def test_a_latex_build_for_one_guide_writes_that_guide_only(tmp_path):
    """`make guide THEME=power` assembles the power guide alone; a full build after it writes every
    document again, and the one-guide build removes none of them."""

    def latex(*options: str) -> set[str]:
        with redirect_stderr(io.StringIO()):
            status = build_main(
                [
                    "-b",
                    "latex",
                    "-q",
                    *options,
                    "-d",
                    str(tmp_path / "doctrees"),
                    str(tmp_path / "src"),
                    str(tmp_path / "latex"),
                ]
            )
        assert status == 0
        return {path.name for path in (tmp_path / "latex").glob("*.tex")}

    shutil.copytree(ROOT, tmp_path / "src")
    assert latex("-D", "handbook_print=guide-power") == {"guide-power.tex"}
    assert latex() == {"handbook.tex", "guide-health.tex", "guide-power.tex"}
    handbook = (tmp_path / "latex" / "handbook.tex").stat().st_mtime_ns
    assert latex("-D", "handbook_print=guide-power") == {"handbook.tex", "guide-health.tex", "guide-power.tex"}
    assert (tmp_path / "latex" / "handbook.tex").stat().st_mtime_ns == handbook


# --- every page of every document earns its place ------------------------------------------------

#: A page with fewer lines than this (running head and folio aside) carries only a heading, a
#: listing's tail or a stray line;
NEARLY_EMPTY = 4
#: and so does one that holds less than this share of the lines of its document's fullest page
#: (a heading and its introduction, a meeting's last bullet), but the document's last.
NEARLY_EMPTY_SHARE = 0.15
#: Where each paper's running head ends and its folio starts, in pt from the top and the bottom of
#: the page (its margins, pdf.PAPERS).
HEAD_AND_FOLIO = {"a4": (56, 62), "a5": (42, 52), "letter": (56, 62)}


def lines_per_page(document: Printed, paper: str) -> list[int]:
    """The lines of text on each page as `pdftotext -layout` reads them, running head and folio aside
    (lines side by side, as in the index's two columns, count once)."""
    box = document.reader.pages[0].mediabox
    head, folio = HEAD_AND_FOLIO[paper]
    text = subprocess.run(
        [
            "pdftotext",
            "-layout",
            "-x",
            "0",
            "-y",
            str(head),
            "-W",
            str(int(box.width)),
            "-H",
            str(int(box.height) - head - folio),
            str(document.path),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        len([line for line in page.splitlines() if line.strip()])
        for page in text.split("\f")[: len(document.reader.pages)]
    ]


def nearly_empty(document: Printed, paper: str) -> list[str]:
    """The printed numbers of the pages after the cover that hold fewer than `NEARLY_EMPTY` lines of
    text, or, but for the last, less than `NEARLY_EMPTY_SHARE` of the fullest page's."""
    lines = lines_per_page(document, paper)
    least = NEARLY_EMPTY_SHARE * max(lines)
    # (The contents, numbered i, ii…, end where their last entry does, as a book's do.)
    return [
        document.labels[page]
        for page, count in enumerate(lines[1:], 1)
        if count < NEARLY_EMPTY or (count < least and page < len(lines) - 1 and document.labels[page].isdigit())
    ]


@every_paper
def test_no_page_of_any_document_is_nearly_empty(on_paper):
    paper, _, printed = on_paper
    empty = {name: nearly_empty(document, paper) for name, document in printed.items()}
    assert {name: pages for name, pages in empty.items() if pages} == {}


def keypoints_of(text: str) -> list[str]:
    """The first words of each key point of a note, as printed."""
    points = []
    for block in re.findall(r"^:::\{keypoints\}.*?\n(.*?)^:::", text, re.DOTALL | re.MULTILINE):
        points += [
            normalise(item)[:40]
            for item in re.findall(r"^- (.*)$", block, re.MULTILINE)
            if not re.search(r"[{`*\[<]", item[:40])
        ]
    return points


@every_paper
def test_each_key_point_is_printed_once_in_every_document(on_paper):
    """Once per time the pages a document holds state it: a note may repeat its cell's words."""
    _, _, printed = on_paper
    others = [
        read_source(path)[0]
        for folder in ("cells", "themes", "essays")
        for path in sorted((PROJECT / folder).rglob("*.md"))
        if layout.page_kind(path.relative_to(PROJECT).with_suffix("").as_posix()) != "meeting"
    ]
    for name, document in printed.items():
        text = document.text()
        theme = name.removeprefix("guide-") if name != "handbook" else None
        notes = [read_source(path)[0] for path in layout.meeting_sources(PROJECT)]
        notes = [note for note in notes if normalise(page_title(note)) in meetings_of(theme)]
        stated = " ".join(normalise(note) for note in notes + others)
        points = [point for note in notes for point in keypoints_of(note)]
        assert points, name
        assert [point for point in points if not 1 <= text.count(point) <= stated.count(point)] == [], name


def everyone() -> dict:
    """Every person of the real handbook, as the build names them."""
    notes = (speakers_of(read_source(path)[0]) for path in layout.meeting_sources(PROJECT))
    return people_of(read_registry(PROJECT), notes)


def people_names() -> set[str]:
    return {name for person in everyone().values() for name in (person.name, *person.aliases)}


def test_no_page_reference_after_a_persons_name_nor_inside_a_word(real):
    _, printed = real
    first_names = {name.split()[0] for name in people_names()}
    for name, document in printed.items():
        text = document.text()
        assert not re.search(r"\(p\. \d+\)[\w’']", text), name
        for person in people_names() | first_names:
            assert not re.search(re.escape(person) + r" \(p\. \d+\)", text), (name, person)


def test_every_page_reference_is_to_a_page_of_its_document(real):
    _, printed = real
    for name, document in printed.items():
        pages = set(document.labels)
        assert set(re.findall(r"\(p\. (\d+)\)", document.text())) <= pages, name


@every_paper
def test_no_overfull_box_in_any_document(on_paper):
    _, warnings, printed = on_paper
    assert [warning for warning in warnings if "handbook.overfull" in warning] == []
    for name, document in printed.items():
        widths = [float(width) for width in re.findall(r"Overfull \\hbox \((\d+\.?\d*)pt too wide", document.log)]
        assert [width for width in widths if width > 1] == [], name


def running_heads(document: Printed) -> list[str]:
    heads = subprocess.run(
        ["pdftotext", "-layout", "-x", "0", "-y", "0", "-W", "596", "-H", "56", str(document.path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [" ".join(head.split()) for head in heads.split("\f")[: len(document.reader.pages)]]


def test_running_heads_name_each_chapter_once_as_written(real):
    _, printed = real
    for document in printed.values():
        assert [head for head in running_heads(document) if head.isupper()] == []
    guide = printed["guide-health"]
    heads = running_heads(guide)
    index = next(i for i, page in enumerate(guide.pages) if normalise(page).startswith("Index of people"))
    assert all(head in ("", "Index of people") for head in heads[index:])


def test_the_page_where_the_works_cited_follow_a_meeting_keeps_its_running_head(real):
    _, printed = real
    guide = printed["guide-health"]
    works = next(i for i, page in enumerate(guide.pages[2:], 2) if "Works cited" in page)
    assert not normalise(guide.pages[works]).startswith("Works cited")  # it follows a meeting
    assert running_heads(guide)[works] != ""


def first_lines(document: Printed, paper: str) -> list[str]:
    """The first line of text of each page, running head aside."""
    box = document.reader.pages[0].mediabox
    head, folio = HEAD_AND_FOLIO[paper]
    text = subprocess.run(
        [
            "pdftotext",
            "-raw",
            "-x",
            "0",
            "-y",
            str(head),
            "-W",
            str(int(box.width)),
            "-H",
            str(int(box.height) - head - folio),
            str(document.path),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        normalise(next((line for line in page.splitlines() if line.strip()), ""))
        for page in text.split("\f")[: len(document.reader.pages)]
    ]


def heads_on(document: Printed, paper: str) -> list[str]:
    box = document.reader.pages[0].mediabox
    heads = subprocess.run(
        [
            "pdftotext",
            "-layout",
            "-x",
            "0",
            "-y",
            "0",
            "-W",
            str(int(box.width)),
            "-H",
            str(HEAD_AND_FOLIO[paper][0]),
            str(document.path),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [normalise(head) for head in heads.split("\f")[: len(document.reader.pages)]]


def shown_as(shown: str, full: str) -> bool:
    """Whether a running head shows this title: whole, or cut short with "…"."""
    return shown == full or (shown.endswith("…") and full.startswith(shown[:-1].rstrip()))


def head_names(head: str, chapter: str, section: str) -> bool:
    if not section:
        return shown_as(head, chapter)
    words = head.split(" ")
    return any(
        shown_as(" ".join(words[:cut]), chapter) and shown_as(" ".join(words[cut:]), section)
        for cut in range(1, len(words))
    )


@every_paper
def test_each_running_head_names_what_its_page_starts_with(on_paper):
    """A page that starts part-way through a meeting (or an essay) is headed by it, though the works
    cited start lower down; a page that starts with a chapter, a meeting or the works cited, by it."""
    paper, _, printed = on_paper
    for name, document in printed.items():
        outline = [
            (depth, normalise(title), document.labels.index(label))
            for depth, title, label in document.outline()
            if depth < 2
        ]
        tops, heads = first_lines(document, paper), heads_on(document, paper)
        wrong = []
        for page in range(outline[0][2], len(heads)):
            started = [entry for entry in outline if entry[2] == page and entry[1].startswith(tops[page][:30])]
            top = started[0] if started else [entry for entry in outline if entry[2] < page][-1]
            chapter = (
                top
                if top[0] == 0
                else [entry for entry in outline if outline.index(entry) < outline.index(top) and entry[0] == 0][-1]
            )
            section = top[1] if top[0] else ""
            if heads[page] and not head_names(heads[page], chapter[1], section):
                wrong.append((document.labels[page], heads[page], chapter[1], section))
        assert wrong == [], name


#: Guides whose works cited come near the foot of their last meeting's page: after its text (a
#: person's, on A5), and after a box of key points that ends at the page's foot (a cell's, on letter).
WORKS_AT_A_PAGES_FOOT = {"a5": "person=caroline-slocock", "letter": "cell=network-events"}


@pytest.fixture(scope="module", params=sorted(WORKS_AT_A_PAGES_FOOT))
def works_at_a_pages_foot(request, tmp_path_factory):
    paper, selection = request.param, WORKS_AT_A_PAGES_FOOT[request.param]
    out = tmp_path_factory.mktemp(f"works-{paper}")
    name = f"guide-{selection.replace('=', '-')}-{paper}"
    warnings, printed = build(
        PROJECT, out, [name], "-D", f"handbook_paper={paper}", "-D", f"handbook_select={selection}"
    )
    return paper, warnings, printed[name]


def test_the_works_cited_are_never_parted_from_their_heading_nor_alone_on_a_page(works_at_a_pages_foot):
    paper, warnings, guide = works_at_a_pages_foot
    assert warnings == []
    lines = [[line.strip() for line in page.splitlines() if line.strip()] for page in guide.pages]
    page = next(number for number, found in enumerate(lines[2:], 2) if "Works cited" in found)
    heading = lines[page].index("Works cited")
    assert CITATION_LABEL.match(lines[page][heading + 1]), lines[page][heading:]
    assert nearly_empty(guide, paper) == []


@pytest.mark.parametrize("on_paper", ["a5"], indirect=True)
def test_contents_entries_are_ragged_right(on_paper):
    """A long title set justified spreads its words apart (most in A5's narrow column): every
    space between the words of a meeting's entry is as wide as the others."""
    _, _, printed = on_paper
    guide = printed["guide-health"]
    words = [box for box in word_boxes(guide, 1) if not re.fullmatch(r"[.\d]+", box[3])]
    margin = min(left for _, left, _, _ in words)
    lines: dict[int, list[tuple[float, float]]] = {}
    for top, left, right, _ in words:
        lines.setdefault(top, []).append((left, right))
    gaps = [
        after[0] - before[1]
        for line in lines.values()
        if min(line)[0] > margin + 5
        for before, after in itertools.pairwise(sorted(line))
    ]
    assert len(gaps) > 20
    assert max(gaps) - min(gaps) < 0.3


def test_works_are_cited_and_listed_with_the_same_author_year_label(real):
    _, printed = real
    text = printed["handbook"].text()
    labels = CITATION_LABEL.findall(text)
    assert len(set(labels)) >= 5
    # each label is in the text where the work is named, and once in the list of works cited
    assert [label for label in set(labels) if labels.count(label) < 2] == []
    assert re.findall(r"\[[A-Z][A-Za-z]{1,5}\d*\]", text) == []  # no "[Ali]", "[ABWay]", "[Government21]"
