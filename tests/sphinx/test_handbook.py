"""The real handbook builds clean with every warning an error and nitpicky references."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fidelity.export import normalise
from handbook.content import fields, layout
from handbook.content.headings import page_title
from handbook.content.text import read_source
from helpers import PROJECT


def test_the_handbook_builds_clean_with_warnings_as_errors(handbook):
    status, warnings, _ = handbook
    assert warnings == ""
    assert status == 0


def test_a_question_that_is_its_meetings_title_shows_once(handbook):
    """Said once, as the title: not again under it. A meeting with a question of its own shows it."""
    html = handbook[2]
    titled, own = [], []
    for path in layout.meeting_sources(PROJECT):
        text = read_source(path)[0]
        question = normalise(str(fields.read_mapping(text)[0].get("question", "")))
        docname = path.relative_to(PROJECT).with_suffix("").as_posix()
        article = BeautifulSoup((html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser").article
        asked = article.select_one(".handbook-question")
        if question and question == normalise(page_title(text)):
            titled.append((asked, normalise(article.get_text()).count(question)))
        elif question:
            own.append(normalise(asked.get_text()) if asked else None)
    assert titled and titled == [(None, 1)] * len(titled)
    assert own and own == [question for question in own if question]
