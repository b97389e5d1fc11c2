"""Rules of a page that `check` and the build share, read without either (each runs through the
build in tests/sphinx/test_mistakes.py): front matter never closed, a footnote's text or a label
given twice, and the works a `{cite}` names."""

from __future__ import annotations

from handbook.checking.links import cited_works
from handbook.checking.rules import footnote_problems, label_problems
from handbook.content.fields import FRONT_MATTER_UNCLOSED, read_mapping
from handbook.content.headings import front_matter_unclosed


def test_front_matter_that_is_never_closed_is_said_at_its_first_line():
    text = "---\ndate: 2023-03-19\nthemes: [health]\n# Title\n\nText.\n"
    assert front_matter_unclosed(text.split("\n"))
    data, _, problems = read_mapping(text)
    assert data == {}
    assert [(problem.line, problem.message) for problem in problems] == [(1, FRONT_MATTER_UNCLOSED)]
    assert not front_matter_unclosed("---\ndate: 2023-03-19\n---\n# Title\n".split("\n"))
    assert not front_matter_unclosed("# Title\n\n---\n".split("\n"))


def test_a_footnote_text_given_twice_is_said_at_the_second_and_once():
    problems = footnote_problems([(7, "a")], [(11, "a"), (9, "a")])
    assert [(problem.line, problem.subtype) for problem in problems] == [(11, "footnote")]
    assert "(at line 9)" in problems[0].message


def test_a_label_given_twice_is_said_at_each_repetition():
    problems = label_problems({"same": [7, 12, 20], "other": [3]})
    assert [problem.line for problem in problems] == [12, 20]
    assert "(first at line 7)" in problems[1].message


def test_the_works_a_cite_names_as_sphinxcontrib_bibtex_reads_them():
    assert cited_works("a2020") == [("a2020", "a2020")]
    assert cited_works("{see, e.g.}a2020{p. 3}, b2021") == [("{see, e.g.}a2020{p. 3}", "a2020"), ("b2021", "b2021")]
