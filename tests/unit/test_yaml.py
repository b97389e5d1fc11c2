"""YAML an editor writes, read as the build and `check` read it: a key given twice is said, never
silently dropped (front matter's case runs through the build in tests/sphinx/test_mistakes.py)."""

from __future__ import annotations

from handbook.content.fields import read_mapping
from handbook.content.people import read_registry, registry_problems


def test_a_person_given_twice_in_people_yaml_is_said_at_the_second(tmp_path):
    (tmp_path / "people.yaml").write_text(
        "jane-doe:\n  name: Jane Doe\n  aliases: [Jane]\nsam-roe:\n  name: Sam Roe\njane-doe:\n  name: Jane Dough\n",
        encoding="utf-8",
    )
    assert [(problem.line, problem.message, problem.subtype) for problem in registry_problems(tmp_path)] == [
        (6, "'jane-doe' is given again (first at line 1): only this last one is kept; keep one", "people")
    ]
    assert read_registry(tmp_path)["jane-doe"].name == "Jane Dough"


def test_a_key_given_twice_inside_a_persons_entry_is_said(tmp_path):
    (tmp_path / "people.yaml").write_text("jane-doe:\n  name: Jane Doe\n  name: Jane Dough\n", encoding="utf-8")
    assert [(problem.line, problem.subtype) for problem in registry_problems(tmp_path)] == [(3, "people")]


def test_a_front_matter_key_given_twice_is_said_and_the_last_kept():
    data, lines, problems = read_mapping("---\nformat: meeting\ndate: 2023\nformat: roundtable\n---\n# T\n")
    assert data["format"] == "roundtable" and lines["format"] == 4
    assert [(problem.line, problem.message) for problem in problems] == [
        (4, "front-matter key 'format' is given again (first at line 2): only this last value is kept; keep one")
    ]
