"""Printing as `make pdf` prints: one latexmk per document, paranoid file access, a time limit,
overfull boxes and failures named; and the kinds of note that used to break a printed document
(a long address, an image in any format)."""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from helpers import PROJECT
from PIL import Image
from sphinx.cmd.build import build_main

ROOT = PROJECT / "tests" / "roots" / "test-print"
PYTHON = [sys.executable, "-m", "handbook", "typeset"]
ENV = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}

GOOD = r"""\documentclass{article}\begin{document}Printed.\end{document}"""
# A run of characters far wider than the line, in the page Sphinx labels
# cells/a/2023-01-01-specials, made of a word of that note's line 17.
OVERFULL = r"""\documentclass{article}\begin{document}
\label{\detokenize{cells/a/2023-01-01-specials::doc}}
Wordsbeforebodypwnedandwordsafterthatrunfarpastthemarginoftheprintedpageandfurther
\end{document}"""
BROKEN = r"""\documentclass{article}\begin{document}\undefinedcommand\end{document}"""
ENDLESS = r"""\documentclass{article}\begin{document}\def\loop{\loop}\loop\end{document}"""
# TeX may read only what is in its folder: with paranoid access this is refused.
READS_OUTSIDE = r"""\documentclass{article}\begin{document}\input{/etc/passwd}\end{document}"""


def typeset(tmp_path: Path, documents: dict[str, str], *options: str) -> subprocess.CompletedProcess:
    latex = tmp_path / "latex"
    latex.mkdir()
    for name, text in documents.items():
        (latex / f"{name}.tex").write_text(text, encoding="utf-8")
        (latex / f"{name}.cover").write_text("", encoding="utf-8")
    return subprocess.run(
        [*PYTHON, "--root", str(tmp_path / "src"), "--latex", str(latex), "--publish", str(tmp_path / "pdf"), *options],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=False,
        env=ENV,
    )


@pytest.fixture
def src(tmp_path):
    shutil.copytree(ROOT, tmp_path / "src")
    return tmp_path / "src"


def test_a_failed_or_endless_document_is_named_and_the_others_are_printed(tmp_path, src):
    result = typeset(
        tmp_path, {"good": GOOD, "broken": BROKEN, "endless": ENDLESS, "outside": READS_OUTSIDE}, "--time-limit", "20"
    )
    assert result.returncode == 1
    assert sorted(path.name for path in (tmp_path / "pdf").iterdir()) == ["good.pdf"]
    failed = [line for line in result.stderr.splitlines() if line.startswith("not printed: ")]
    assert len(failed) == 3
    assert "not printed: broken.pdf: Undefined control sequence." in failed
    assert "not printed: endless.pdf: took more than 20 s and was stopped" in failed
    assert "not printed: outside.pdf: LaTeX Error: File `/etc/passwd.tex' not found." in failed
    assert (tmp_path / "latex" / "not-printed.txt").read_text().count("\n") == 3


def test_an_overfull_box_is_a_warning_at_the_note_and_words_it_is_in(tmp_path, src):
    result = typeset(tmp_path, {"guide": OVERFULL})
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1
    assert re.fullmatch(
        r"cells/a/2023-01-01-specials\.md:17: WARNING: a line of the printed guide\.pdf runs \d+ pt "
        r"into the margin: 'Wordsbeforebodypwnedandwordsafter\w+' \[handbook\.overfull\]",
        warnings[0],
    )


# The same line set twice, as a table of many columns is (tabulary measures its cells first).
OVERFULL_TWICE = OVERFULL.replace(
    "Wordsbeforebodypwned",
    "\\setbox0\\vbox{Wordsbeforebodypwnedandwordsafterthatrunfarpastthemarginoftheprintedpage"
    "andfurther\\par}Wordsbeforebodypwned",
)


def test_an_overfull_box_set_twice_is_one_warning(tmp_path, src):
    result = typeset(tmp_path, {"guide": OVERFULL_TWICE})
    assert result.returncode == 0
    assert len(re.findall(r"^Overfull \\hbox", (tmp_path / "latex" / "guide.log").read_text(), re.MULTILINE)) == 2
    assert len([line for line in result.stderr.splitlines() if "WARNING" in line]) == 1


# A character the code font (FreeMono) lacks, in the page Sphinx labels cells/a/2023-01-01-specials.
NO_GLYPH = r"""\documentclass{article}\usepackage{fontspec}\setmainfont{FreeMono}\begin{document}
\label{\detokenize{cells/a/2023-01-01-specials::doc}}
A rouble ₽ sign.
\end{document}"""


def test_a_character_no_font_has_is_a_warning_at_its_note(tmp_path, src):
    (src / "cells/a/2023-01-01-specials.md").write_text(
        (src / "cells/a/2023-01-01-specials.md").read_text(encoding="utf-8") + "\nIt cost ₽ 100.\n", encoding="utf-8"
    )
    latex = tmp_path / "latex"
    latex.mkdir()
    (latex / "guide.tex").write_text(NO_GLYPH, encoding="utf-8")
    (latex / "guide.cover").write_text("", encoding="utf-8")
    (latex / "latexmkrc").write_text("$pdflatex = 'xelatex %O %S';\n", encoding="utf-8")  # as Sphinx's says
    result = subprocess.run(
        [*PYTHON, "--root", str(src), "--latex", str(latex), "--publish", str(tmp_path / "pdf")],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=False,
        env=ENV,
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "[handbook.glyph]" in line]
    lines = (src / "cells/a/2023-01-01-specials.md").read_text(encoding="utf-8").splitlines()
    assert warnings == [
        (
            f"cells/a/2023-01-01-specials.md:{len(lines)}: WARNING: the printed guide.pdf has no glyph "
            "for '₽' (U+20BD) in the font FreeMono: it prints as a blank [handbook.glyph]"
        )
    ]


# --- notes that used to break a printed document ------------------------------------------------

LONG_ADDRESS = (
    "https://www.example.org/publications/community-power/2023/reports/the-long-road-to-shared-"
    "decision-making-in-local-government-final-version-with-appendices.pdf"
)
LONG_WORD = "ParticipatoryBudgetingPilotResultsSummaryForResidentsAndCouncillors2023FinalDraft"
# Inline code without a space or a capital, 90 characters.
LONG_CODE = "handbook_typeset_" + "abcdefghijklmnopqrstuvw" * 3 + "xyz0123456"
NOTE = f"""---
date: 2023-01-15
themes: [health]
---
# Pictures and addresses

The consultation is at {LONG_ADDRESS} and was discussed.

:::{{speaker}} Gwen Arkwright
:org: Open Councils

Her slides are at https://www.example.org/slides/{LONG_WORD}
:::

![A vector logo](images/logo.svg)

![A photograph](images/photo.jpg)

![An animation](images/moving.gif)

![A modern picture](images/modern.webp)

![A flat picture](images/flat.png)

![A picture on another site](https://www.example.org/remote.png)

![A cut-off drawing](images/cut-off.svg)

![A damaged photograph](images/damaged.png)

![Another damaged photograph](images/damaged.jpg)

| Council | Budget line | Participatory budgeting pilot results summary | Year | Residents | Notes |
|---|---|---|---|---|---|
| Northtown | {LONG_WORD} | https://www.example.org/reports/{LONG_WORD}.pdf | 2023 | 1,204 | Agreed at the plenary after a long discussion of the figures |

The setting is `{LONG_CODE}` in the file.

Members liked the colours. The {{meeting}}`specials`'s conclusions, {{keypoint}}`specials-kp-1`’s wording and
{{meeting}}`specials`2 were read again.
"""


@pytest.fixture(scope="module")
def pictures(tmp_path_factory):
    out = tmp_path_factory.mktemp("pictures")
    src = out / "src"
    shutil.copytree(ROOT, src)
    folder = src / "cells" / "a" / "images"
    folder.mkdir()
    (folder / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
        '<rect width="120" height="40" rx="6" fill="#1F5C7A"/></svg>',
        encoding="utf-8",
    )
    for name, fmt in (("photo.jpg", "JPEG"), ("moving.gif", "GIF"), ("modern.webp", "WEBP"), ("flat.png", "PNG")):
        Image.new("RGB", (60, 30), (200, 80, 40)).save(folder / name, fmt)
    # What rsvg-convert rejects, and what libpng and libjpeg stop xelatex on.
    (folder / "cut-off.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"', encoding="utf-8"
    )
    (folder / "damaged.png").write_bytes(b"\x89PNG\r\n\x1a\nGARBAGE")
    (folder / "damaged.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00garbage")
    (src / "cells" / "a" / "2023-01-15-pictures.md").write_text(NOTE, encoding="utf-8")
    stderr = io.StringIO()
    with redirect_stderr(stderr):
        build_main(["-b", "latex", "-q", "-n", "-D", "handbook_print=guide-health", str(src), str(out / "latex")])
    result = subprocess.run(
        [*PYTHON, "--root", str(src), "--latex", str(out / "latex"), "guide-health"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=False,
        env=ENV,
    )
    return out, stderr.getvalue(), result


def test_every_image_format_prints_and_a_remote_broken_or_damaged_one_is_left_out_with_a_warning_at_its_line(pictures):
    out, sphinx_warnings, result = pictures
    assert result.returncode == 0, result.stderr
    warnings = [
        re.sub(r"\x1b\[[0-9;]*m", "", line.replace(str(out / "src") + "/", ""))
        for line in sphinx_warnings.splitlines()
        if "WARNING" in line
    ]
    lines = NOTE.splitlines()
    left_out = ["https://www.example.org/remote.png", "images/cut-off.svg", "images/damaged.png", "images/damaged.jpg"]
    assert sorted(warnings) == sorted(
        f"cells/a/2023-01-15-pictures.md:{next(n for n, line in enumerate(lines, 1) if f'({uri})' in line)}: "
        f"WARNING: image {uri if '://' in uri else 'cells/a/' + uri!r} cannot be printed: it is left out of the PDF (the website shows it) [handbook.image]"
        for uri in left_out
    )
    images = subprocess.run(
        ["pdfimages", "-list", str(out / "latex" / "guide-health.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    # the SVG is drawn as vectors; the four raster pictures are images
    assert len(images) == 4
    text = subprocess.run(
        ["pdftotext", str(out / "latex" / "guide-health.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Members liked the colours." in text


def test_a_long_address_a_long_word_long_code_and_a_wide_table_stay_inside_the_text_block(pictures):
    out, _, result = pictures
    assert "handbook.overfull" not in result.stderr
    log = (out / "latex" / "guide-health.log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull \\hbox" not in log
    text = subprocess.run(
        ["pdftotext", "-raw", str(out / "latex" / "guide-health.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert LONG_ADDRESS in text.replace("\n", "")
    assert LONG_WORD in text.replace("\n", "")
    assert LONG_CODE in text.replace("\n", "")


def test_a_failed_document_leaves_no_auxiliary_file_to_fail_the_next_run(tmp_path, src):
    """A picture libpng cannot read stops xelatex with the .aux cut off; once the picture is
    mended, the document prints without `make clean`."""
    latex = tmp_path / "latex"
    labels = "".join(f"\\section{{Part {n}}}\\label{{part-{n}}}See p.~\\pageref{{part-{n}}}.\n" for n in range(300))
    document = (
        "\\documentclass{article}\\usepackage{graphicx}\\begin{document}\n"
        + labels
        + "\\includegraphics{picture.png}\n"
        + labels.replace("part-", "more-")
        + "\\end{document}\n"
    )
    latex.mkdir()
    (latex / "pictures.tex").write_text(document, encoding="utf-8")
    (latex / "pictures.cover").write_text("", encoding="utf-8")
    # xelatex, as Sphinx's latexmkrc asks for: it leaves the .aux cut off mid-line.
    (latex / "latexmkrc").write_text("$pdflatex = 'xelatex ' . $ENV{'LATEXOPTS'} . ' %O %S';\n", encoding="utf-8")
    (latex / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\nGARBAGE")
    result = subprocess.run(
        [*PYTHON, "--root", str(src), "--latex", str(latex), "--publish", str(tmp_path / "pdf")],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=False,
        env=ENV,
    )
    assert result.returncode == 1
    Image.new("RGB", (60, 30), (200, 80, 40)).save(latex / "picture.png", "PNG")
    result = subprocess.run(
        [*PYTHON, "--root", str(src), "--latex", str(latex), "--publish", str(tmp_path / "pdf")],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=False,
        env=ENV,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "pdf" / "pictures.pdf").exists()


def test_a_page_reference_never_stands_inside_a_word(pictures):
    """ "(p. 2)" goes after the possessive or the word a reference runs into, never inside it."""
    out, _, _ = pictures
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-raw", str(out / "latex" / "guide-health.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    assert not re.search(r"\(p\. \d+\)[\w'’]", text)
    assert re.search(r"café's \(p\. \d+\) conclusions", text), text
    assert re.search(r"’s \(p\. \d+\) wording", text), text
    assert re.search(r"café2 \(p\. \d+\) were read", text), text


# --- speaker cards across pages --------------------------------------------------------------------

FILLER = "This sentence fills the page before the card so that the card starts lower on it each time. "
NUMBERS = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
)


def card_meeting(number: int) -> str:
    """A meeting whose speaker card, with key points, starts further down the page the larger the
    number."""
    filler = "\n\n".join(FILLER * 2 for _ in range(8 + number))
    points = "\n".join(
        f"- Point {n} of speaker {NUMBERS[number]}: " + "a point made at some length " * 5 for n in range(1, 9)
    )
    return (
        f"---\ndate: 2023-06-{number + 1:02d}\nthemes: [health]\n---\n# Cards {NUMBERS[number]}\n\n{filler}\n\n"
        f"::::{{speaker}} Speaker {NUMBERS[number].capitalize()}\n:role: presenter\n:org: Organisation "
        f"{NUMBERS[number]}\n\n:::{{keypoints}} Speaker {NUMBERS[number]} shared these points:\n\n{points}\n:::\n\n"
        f"Closing words of speaker {NUMBERS[number]}.\n::::\n"
    )


@pytest.fixture(scope="module")
def cards(tmp_path_factory):
    out = tmp_path_factory.mktemp("cards")
    src = out / "src"
    shutil.copytree(ROOT, src)
    for number in range(len(NUMBERS)):
        (src / "cells" / "b" / f"2023-06-{number + 1:02d}-cards-{number}.md").write_text(
            card_meeting(number), encoding="utf-8"
        )
    with redirect_stderr(io.StringIO()):
        build_main(["-b", "latex", "-q", "-D", "handbook_print=guide-health", str(src), str(out / "latex")])
    result = subprocess.run(
        [*PYTHON, "--root", str(src), "--latex", str(out / "latex"), "guide-health"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=False,
        env=ENV,
    )
    assert result.returncode == 0, result.stderr
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "latex" / "guide-health.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Each page's lines, without its running head and page number.
    return [[line.strip() for line in page.splitlines()[1:] if line.strip()][:-1] for page in text.split("\f")]


def test_a_speaker_cards_heading_is_never_alone_at_a_pages_foot(cards):
    for page in cards:
        if page:
            assert not page[-1].startswith("presenter · Organisation"), page[-3:]
            assert not page[-1].startswith("Speaker "), page[-3:]


def test_a_card_that_goes_on_over_the_page_leaves_no_half_page_blank(cards):
    """A page whose meeting goes on over the page is all but full: A4 holds about 46 of these
    lines, and a card that cannot keep its heading with its first lines starts the next page,
    leaving at most the room of its heading, its key points' title and its first point (three
    lines, which no page break splits: no page starts or ends with one line of a paragraph)."""
    for page, following in itertools.pairwise(cards):
        if page and following and following[0].startswith(("Point ", "Closing words", "Speaker ")):
            assert len(page) >= 32, page


# --- any selection, any paper --------------------------------------------------------------------


def outline(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append(item.title)

    walk(PdfReader(pdf).outline)
    return found


@pytest.fixture(scope="module")
def selections(tmp_path_factory):
    """The small root with a declared guide (cell a's health meetings) and a cell named as a theme
    is (health); the theme's guide printed on A4, then the guides `make guide PERSON=mallory
    PAPER=a5`, `make guide THEME=health CELL=b PAPER=a5`, `make guide CELL=health` and
    `make guide THEME=health PAPER=a5` ask for."""
    out = tmp_path_factory.mktemp("selections")
    src = out / "src"
    shutil.copytree(ROOT, src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            'handbook_guides = [{"name": "health-in-a", "title": "Health in cell A", "theme": "health", '
            '"cell": "a", "person": "mallory"}, {"name": "nowhere", "cell": "no-such-cell"}]\n'
        )
    (src / "cells" / "health").mkdir()
    (src / "cells" / "health" / "index.md").write_text("# Health cell\n\nA cell.\n", encoding="utf-8")
    (src / "cells" / "health" / "2023-04-01-clinic.md").write_text(
        "---\ndate: 2023-04-01\nthemes: [power]\n---\n# At the clinic\n\nA meeting of the health cell.\n",
        encoding="utf-8",
    )
    found = {}
    with redirect_stderr(io.StringIO()):
        build_main(["-b", "latex", "-q", str(src), str(out / "latex")])
    result = subprocess.run(
        [
            *PYTHON,
            "--root",
            str(src),
            "--latex",
            str(out / "latex"),
            "--publish",
            str(out / "printed"),
            "guide-health-in-a",
            "guide-health",
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=False,
        env=ENV,
    )
    found["declared"] = ("", result)
    for select, paper in (
        ("person=mallory", "a5"),
        ("theme=health,cell=b", "a5"),
        ("cell=health", "a4"),
        ("theme=health", "a5"),
    ):
        stderr = io.StringIO()
        with redirect_stderr(stderr):
            build_main(
                [
                    "-b",
                    "latex",
                    "-q",
                    "-D",
                    f"handbook_paper={paper}",
                    "-D",
                    f"handbook_select={select}",
                    str(src),
                    str(out / "latex"),
                ]
            )
        result = subprocess.run(
            [
                *PYTHON,
                "--root",
                str(src),
                "--latex",
                str(out / "latex"),
                "--publish",
                str(out / "printed"),
                "--select",
                select,
                "--paper",
                paper,
            ],
            capture_output=True,
            text=True,
            cwd=PROJECT,
            check=False,
            env=ENV,
        )
        found[select] = (stderr.getvalue(), result)
    return out, found


def paper_of(pdf: Path) -> tuple[int, int]:
    from pypdf import PdfReader

    box = PdfReader(pdf).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_no_guide_prints_over_another_of_other_facets_or_paper(selections):
    """A cell named as a theme is, and a theme's guide on A5, each have a PDF of their own: the
    theme's A4 guide, which its page links to, stays."""
    out, _ = selections
    assert sorted(path.name for path in (out / "printed").iterdir()) == [
        "guide-cell-health.pdf",
        "guide-health-a5.pdf",
        "guide-health-in-a.pdf",
        "guide-health.pdf",
        "guide-person-mallory-a5.pdf",
    ]
    assert paper_of(out / "printed" / "guide-health.pdf") == (595, 842)
    assert "Specials $ % & ~ _ ^ \\ { } #2 “quoted” – £5 café" in outline(out / "printed" / "guide-health.pdf")
    assert paper_of(out / "printed" / "guide-health-a5.pdf") == (420, 595)
    assert "At the clinic" in outline(out / "printed" / "guide-cell-health.pdf")
    assert "At the clinic" not in outline(out / "printed" / "guide-health.pdf")


def test_a_guide_by_person_and_one_by_theme_and_cell_hold_their_meetings_only(selections):
    out, found = selections
    for select, (_, result) in found.items():
        if select != "theme=health,cell=b":
            assert result.returncode == 0, result.stderr
    person = outline(out / "printed" / "guide-person-mallory-a5.pdf")
    assert "Specials $ % & ~ _ ^ \\ { } #2 “quoted” – £5 café" in person
    assert "Elsewhere on power" not in person
    declared = outline(out / "printed" / "guide-health-in-a.pdf")
    assert "Specials $ % & ~ _ ^ \\ { } #2 “quoted” – £5 café" in declared
    assert "Elsewhere on power" not in declared


def test_a_declared_guide_that_selects_nothing_is_one_warning(selections):
    _, found = selections
    sphinx_warnings = re.sub(r"\x1b\[[0-9;]*m", "", found["person=mallory"][0])
    lines = [line for line in sphinx_warnings.splitlines() if "WARNING" in line]
    assert len(lines) == 1
    assert lines[0].endswith(
        "/src/conf.py:6: WARNING: handbook_guides: the guide 'nowhere' is not printed: no cell 'no-such-cell'. "
        "Known: a, b, health [handbook.guide]"
    )


def test_a_selection_of_no_meeting_is_one_warning_and_nothing_printed(selections):
    """Cell b has no health meeting, though both exist: no empty guide."""
    out, found = selections
    sphinx_warnings, result = found["theme=health,cell=b"]
    lines = [
        line
        for line in re.sub(r"\x1b\[[0-9;]*m", "", sphinx_warnings).splitlines()
        if "WARNING" in line and "'nowhere'" not in line
    ]
    assert lines == [
        (
            "WARNING: the guide asked for is not printed: no meeting has every one of theme 'health', "
            "cell 'b' [handbook.guide]"
        )
    ]
    assert result.returncode == 1
    assert not list((out / "printed").glob("guide-health-cell-b*"))
    assert not list((out / "latex").glob("guide-health-cell-b*.pdf"))


def test_a5_paper_is_one_setting(selections):
    from pypdf import PdfReader

    out, found = selections
    box = PdfReader(out / "printed" / "guide-person-mallory-a5.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)
    assert "handbook.overfull" not in found["person=mallory"][1].stderr


def test_the_website_links_a_declared_guide_from_the_pages_it_selects(selections):
    """Its theme's, cell's and speaker's pages; not the other theme's."""
    from bs4 import BeautifulSoup

    out, _ = selections
    stderr = io.StringIO()
    with redirect_stderr(stderr):
        build_main(
            ["-b", "html", "-q", "-D", f"handbook_pdf_dir={out / 'printed'}", str(out / "src"), str(out / "html")]
        )
    for page in ("cells/a/index.html", "themes/health.html", "people/mallory.html"):
        soup = BeautifulSoup((out / "html" / page).read_text(encoding="utf-8"), "html.parser")
        links = [(a["href"].rsplit("/", 1)[-1], a.get_text()) for a in soup.select(".handbook-guide-link a")]
        assert ("guide-health-in-a.pdf", "Health in cell A (PDF)") in links
    assert (out / "html" / "guides" / "guide-health-in-a.pdf").exists()
    power = BeautifulSoup((out / "html" / "themes" / "power.html").read_text(encoding="utf-8"), "html.parser")
    assert "guide-health-in-a.pdf" not in str(power)


# Declared guides, one a line from conf.py's line 7: a guide; a second of its name; one that
# selects what the health theme's guide does; one with a facet misspelled.
DECLARED = """handbook_guides = [
    {"name": "health-in-a", "title": "Health in cell A", "theme": "health", "cell": "a"},
    {"name": "health-in-a", "title": "Duplicate", "theme": "power"},
    {"name": "no-title", "theme": "health"},
    {"name": "misspelled", "theem": "health"},
]
"""


@pytest.fixture(scope="module")
def declared(tmp_path_factory):
    """The small root with those guides: Sphinx's LaTeX build (its warnings), every document
    printed as `make pdf` prints them, then the website."""
    out = tmp_path_factory.mktemp("declared")
    src = out / "src"
    shutil.copytree(ROOT, src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(DECLARED)
    stderr = io.StringIO()
    with redirect_stderr(stderr):
        build_main(["-b", "latex", "-q", str(src), str(out / "latex")])
    result = subprocess.run(
        [*PYTHON, "--root", str(src), "--latex", str(out / "latex"), "--publish", str(out / "printed")],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=False,
        env=ENV,
    )
    with redirect_stderr(io.StringIO()):
        build_main(["-b", "html", "-q", "-D", f"handbook_pdf_dir={out / 'printed'}", str(src), str(out / "html")])
    warnings = [
        line.split("/src/", 1)[-1]
        for line in re.sub(r"\x1b\[[0-9;]*m", "", stderr.getvalue()).splitlines()
        if "WARNING" in line
    ]
    return out, warnings, result


def test_each_declared_guide_not_printed_is_one_warning_at_its_own_line(declared):
    _, warnings, _ = declared
    assert warnings == [
        "conf.py:8: WARNING: handbook_guides: the guide 'health-in-a' is not printed: another guide declared "
        "before it is named 'health-in-a': give it another name [handbook.guide]",
        "conf.py:9: WARNING: handbook_guides: the guide 'no-title' is not printed: it selects what the theme's "
        "guide guide-health.pdf does [handbook.guide]",
        "conf.py:10: WARNING: handbook_guides: the guide 'misspelled' is not printed: 'theem=health' is not one of "
        "theme=…, cell=…, person=…, year=… [handbook.guide]",
    ]


def test_declared_guides_not_printed_make_printing_fail_and_are_named(declared):
    out, _, result = declared
    assert result.returncode == 1
    failed = [re.sub(r"/\S*/src/", "", line) for line in result.stderr.splitlines() if line.startswith("not printed: ")]
    assert failed == [
        "not printed: the guide 'health-in-a' declared at conf.py:8: another guide declared before it is named "
        "'health-in-a': give it another name",
        "not printed: the guide 'no-title' declared at conf.py:9: it selects what the theme's guide "
        "guide-health.pdf does",
        "not printed: the guide 'misspelled' declared at conf.py:10: 'theem=health' is not one of theme=…, cell=…, "
        "person=…, year=…",
    ]
    assert sorted(path.name for path in (out / "printed").iterdir()) == [
        "guide-health-in-a.pdf",
        "guide-health.pdf",
        "guide-power.pdf",
        "handbook.pdf",
    ]


def test_the_website_links_no_guide_that_is_not_printed(declared):
    """The power theme's page does not link the first guide's PDF as "Duplicate", nor the health
    theme's page a second copy of its guide."""
    from bs4 import BeautifulSoup

    out, _, _ = declared
    links = {}
    for theme in ("health", "power"):
        soup = BeautifulSoup((out / "html" / "themes" / f"{theme}.html").read_text(encoding="utf-8"), "html.parser")
        links[theme] = [a["href"].rsplit("/", 1)[-1] for a in soup.select(".handbook-guide-link a")]
        assert "Duplicate" not in soup.text and "no-title" not in soup.text
    assert links == {"health": ["guide-health.pdf", "guide-health-in-a.pdf"], "power": ["guide-power.pdf"]}


# A table of twelve columns, one of them e-mail addresses, as a note may copy one from a sheet.
HEADINGS = [
    "Name",
    "Organisation",
    "Email",
    "Role",
    "Region",
    "Since",
    "Members",
    "Volunteers",
    "Budget",
    "Partners",
    "Priority",
    "Status",
]
WIDE_ROWS = [
    [
        "Samira Ben Omar",
        "Community Foundation",
        "samira.benomar@communityfoundation.org.uk",
        "Provocateur",
        "North East",
        "2019",
        "120",
        "45",
        "£250,000",
        "Twelve",
        "Health",
        "Active",
    ],
    [
        "Arvinda Gohil",
        "Community Leadership Academy",
        "arvinda.gohil@leadershipacademy.org",
        "Thought leader",
        "Midlands",
        "2021",
        "80",
        "30",
        "£90,000",
        "Seven",
        "Power",
        "Planning",
    ],
]
WIDE_TABLE = "---\ndate: 2023-03-01\nthemes: [health]\n---\n# A wide table\n\n" + "".join(
    "| " + " | ".join(row) + " |\n" for row in [HEADINGS, ["---"] * 12, *WIDE_ROWS]
)


@pytest.fixture(scope="module")
def wide_table(tmp_path_factory):
    out = tmp_path_factory.mktemp("wide")
    src = out / "src"
    shutil.copytree(ROOT, src)
    (src / "cells" / "a" / "2023-03-01-wide.md").write_text(WIDE_TABLE, encoding="utf-8")
    with redirect_stderr(io.StringIO()):
        build_main(["-b", "latex", "-q", "-D", "handbook_print=guide-health", str(src), str(out / "latex")])
    result = subprocess.run(
        [*PYTHON, "--root", str(src), "--latex", str(out / "latex"), "guide-health"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=False,
        env=ENV,
    )
    return out / "latex" / "guide-health.pdf", result


def test_a_table_too_wide_for_the_line_shrinks_to_fit_with_every_word_whole(wide_table):
    from pypdf import PdfReader

    pdf, result = wide_table
    assert result.returncode == 0, result.stderr
    assert "handbook.overfull" not in result.stderr
    reader = PdfReader(pdf)
    page = next(number for number, sheet in enumerate(reader.pages) if "Volunteers" in sheet.extract_text())
    text = subprocess.run(
        ["pdftotext", "-raw", "-f", str(page + 1), "-l", str(page + 1), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # An address as long as a line may break after its separators, as in running text.
    text = re.sub(r"(?<=[./@\-_])\s+", "", text).split()
    assert [word for row in [HEADINGS, *WIDE_ROWS] for cell in row for word in cell.split() if word not in text] == []
    # Nothing past the right margin (as far from the page's edge as the text's left side is).
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lefts = [float(x) for x in re.findall(r'<word xMin="([\d.]+)"', boxes)]
    rights = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)]
    width = float(reader.pages[page].mediabox.width)
    assert max(rights) <= width - min(lefts) + 1


def test_a_latex_build_does_not_report_the_meetings_each_document_holds(tmp_path, src):
    """A meeting is in the handbook's toctree and its guides' by design: no line per meeting."""
    stdout = io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(io.StringIO()):
        build_main(["-b", "latex", str(src), str(tmp_path / "latex")])
    assert "building [latex]" in stdout.getvalue()
    assert "multiple toctrees" not in stdout.getvalue()


def test_the_website_publishes_only_the_documents_make_pdf_prints(selections):
    """A guide `make guide` printed for a cell or a person stays out of the site's guides/, even
    where an earlier build put it; the theme's guide (on any paper) and the declared one go in."""
    out, _ = selections
    site = out / "published"
    (site / "guides").mkdir(parents=True)
    (site / "guides" / "guide-year-2019.pdf").write_bytes(b"%PDF-1.4 an earlier make guide's")
    with redirect_stderr(io.StringIO()):
        build_main(["-b", "html", "-q", "-D", f"handbook_pdf_dir={out / 'printed'}", str(out / "src"), str(site)])
    assert sorted(path.name for path in (site / "guides").glob("*.pdf")) == [
        "guide-health-a5.pdf",
        "guide-health-in-a.pdf",
        "guide-health.pdf",
    ]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "guide-cell-health.pdf" not in home and "guide-person-mallory-a5.pdf" not in home
