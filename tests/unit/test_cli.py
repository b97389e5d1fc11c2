"""`python -m handbook new …` and `check` as an editor uses them: what they write, what they
refuse and why, and how fast check reads the real archive (a new note built: tests/sphinx/test_cli_builds.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from handbook.checking import checks
from handbook.cli import commands, new
from handbook.content.tree import Tree
from helpers import PROJECT
from helpers.cli import run


def test_an_undated_note_has_no_date_in_its_front_matter(root, capsys):
    assert (
        run(
            root,
            "new",
            "meeting",
            "--cell",
            "leadership",
            "--date",
            "undated",
            "--title",
            "Strategy, again",
            capsys=capsys,
        )[0]
        == 0
    )
    text = (root / "cells/leadership/undated-strategy-again.md").read_text(encoding="utf-8")
    assert "\n# date: YYYY-MM-DD, YYYY-MM or YYYY, once a note states it\n" in text
    assert checks.check_tree(root).problems == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--cell", "joining-force", "--date", "2023-05", "--title", "X"],
            "unknown cell 'joining-force'; did you mean 'joining-forces'? Known cells: joining-forces, leadership",
        ),
        (
            ["--cell", "leadership", "--date", "2023-02-30", "--title", "X"],
            "date '2023-02-30' is not a real day; write the date as the note states it (2023-05-30, 2023-05 or 2023), or 'undated'",
        ),
        (
            ["--cell", "leadership", "--date", "May 2023", "--title", "X"],
            "date 'May 2023' is not YYYY, YYYY-MM or YYYY-MM-DD; write the date as the note states it",
        ),
        (
            ["--cell", "leadership", "--date", "2999-01", "--title", "X"],
            "date 2999-01 is in the future: a note records a meeting that has taken place",
        ),
        (
            ["--cell", "leadership", "--date", "2023", "--title", "X", "--themes", "helth"],
            "unknown theme 'helth'; did you mean 'health'? Known themes: health, power",
        ),
        (
            ["--cell", "joining-forces", "--date", "2022-10-19", "--title", "Levelling up"],
            "cells/joining-forces/2022-10-19-levelling-up.md already exists: edit it, or choose another title or --slug",
        ),
        (
            ["--cell", "leadership", "--date", "2023", "--title", "Levelling up"],
            "cells/joining-forces/2022-10-19-levelling-up.md already has the slug 'levelling-up'",
        ),
        (
            ["--cell", "leadership", "--date", "2023", "--title", "?!"],
            "cannot make a file name from '?!': give one with --slug",
        ),
        (
            ["--cell", "leadership", "--date", "2023", "--title", "Hello", "--slug", "Ødegård"],
            "the slug 'Ødegård' is not lowercase words joined by hyphens: write odegard",
        ),
    ],
)
def test_new_meeting_refuses_and_says_what_would_work(root, capsys, args, message):
    before = sorted(root.rglob("*"))
    status, out, err = run(root, "new", "meeting", *args, capsys=capsys)
    assert (status, out) == (1, "")
    assert err.startswith(f"python -m handbook: error: {message}")
    assert sorted(root.rglob("*")) == before


def test_a_long_title_in_any_script_gives_a_file_name_of_readable_length(root, capsys):
    title = "社区互助会议记录" * 12  # 96 characters: 300 letters in ASCII
    status = run(root, "new", "meeting", "--cell", "leadership", "--date", "2023", "--title", title, capsys=capsys)[0]
    assert status == 0
    [note] = list((root / "cells" / "leadership").glob("2023-*.md"))
    assert note.name.startswith("2023-she-qu-hu-zhu-hui-yi-ji-lu-") and len(note.stem) <= 5 + new.SLUG_LENGTH


def test_new_cell_and_theme_write_pages_that_check_clean(root, capsys):
    assert run(root, "new", "cell", "Removing the Roadblocks", capsys=capsys)[1] == (
        "Wrote cells/removing-the-roadblocks/index.md; notes go in cells/removing-the-roadblocks/\n"
    )
    assert run(root, "new", "theme", "Relationships", capsys=capsys)[0] == 0
    assert (root / "themes/relationships.md").read_text(encoding="utf-8").startswith("# Relationships\n")
    assert run(root, "new", "theme", "Relationships", capsys=capsys)[2] == (
        "python -m handbook: error: themes/relationships.md already exists: edit it, or choose another title or --slug\n"
    )
    assert checks.check_tree(root).problems == []


def test_new_person_joins_people_yaml_in_order_and_keeps_its_comments(root, capsys):
    registry = root / "people.yaml"
    registry.write_text(
        "# Who speaks.\n" + registry.read_text(encoding="utf-8") + "zoe-zed:\n  name: Zoe Zed\n", encoding="utf-8"
    )
    status, out, _ = run(root, "new", "person", "Anne Bowers", "--alias", "Anne", capsys=capsys)
    assert (status, out) == (
        0,
        "Added anne-bowers to people.yaml; speaker cards name them with `:person: anne-bowers`\n",
    )
    assert registry.read_text(encoding="utf-8") == (
        "# Who speaks.\nanne-bowers:\n  name: Anne Bowers\n  aliases:\n  - Anne\n"
        "cate-newnes-smith:\n  name: Cate Newnes-Smith\n  aliases: [Cate Newness Smith]\n"
        "zoe-zed:\n  name: Zoe Zed\n"
    )
    assert Tree.read(root).registry["anne-bowers"].aliases == ["Anne"]
    assert run(root, "new", "person", "Cate Newness Smith", capsys=capsys)[2] == (
        "python -m handbook: error: people.yaml already names cate-newnes-smith 'Cate Newness Smith'\n"
    )


@pytest.mark.parametrize(
    "command", [[], ["new"], ["new", "meeting"], ["new", "cell"], ["new", "theme"], ["new", "person"], ["check"]]
)
def test_every_command_explains_itself(command, capsys):
    with pytest.raises(SystemExit) as exit:
        commands.main([*command, "--help"])
    assert exit.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: python -m handbook {' '.join(command)}".rstrip())


def test_check_reads_the_real_archive_with_the_venv_python():
    """As an editor runs it: from the project's folder, no PYTHONPATH (setup put _ext on the path).
    How long it takes is the bench's to measure, not a test's."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-m", "handbook", "check"], cwd=PROJECT, env=env, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.endswith("other pages checked: no mistakes\n")


def test_concurrent_new_person_commands_all_land_and_keep_the_comments(root):
    """Several editors' `new person` at once: each waits for the others, and none loses an entry."""
    registry = root / "people.yaml"
    registry.write_text("# Who speaks.\n" + registry.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}
    names = [f"Speaker Number{n}" for n in range(8)]
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "handbook", "new", "person", name, "--root", str(root)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name in names
    ]
    assert [run.wait() for run in runs] == [0] * len(names)
    text = registry.read_text(encoding="utf-8")
    assert text.startswith("# Who speaks.\n")
    assert set(Tree.read(root).registry) >= {f"speaker-number{n}" for n in range(8)} | {"cate-newnes-smith"}
    assert [path.name for path in root.iterdir() if path.name.startswith(".")] == []  # no file left half-written


def test_check_finds_a_note_of_ten_thousand_roles_in_time_linear_in_its_length(root):
    """Per role, locating ten thousand roles costs what locating a thousand does (it was quadratic)."""
    note = root / "cells" / "joining-forces" / "2023-01-05-many.md"

    def seconds_per_role(count: int) -> float:
        note.write_text(
            "---\ndate: 2023-01-05\n---\n# Many\n\n"
            + "".join(f"Paragraph {n} names {{person}}`someone-{n % 7}` once.\n\n" for n in range(count)),
            encoding="utf-8",
        )
        start = time.process_time()
        report = checks.check_tree(root)
        assert len([p for p in report.problems if p.problem.subtype == "ref"]) == count
        return (time.process_time() - start) / count

    seconds_per_role(1000)  # warm up
    assert seconds_per_role(10_000) < 3 * seconds_per_role(1000)


def test_make_hands_what_an_editor_types_to_the_command_as_text(tmp_path):
    """`make new CELL='$(shell …)'`: make neither runs the command nor loses a `$`."""
    marker = tmp_path / "ran"
    result = subprocess.run(
        ["make", "-s", "new", f"CELL=no-$(shell touch {marker})cell", "DATE=2023", "TITLE=Costs of $5m"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert f"unknown cell 'no-$(shell touch {marker})cell'" in result.stderr
    assert not marker.exists()


def test_a_github_annotation_cannot_be_ended_by_a_notes_words():
    from handbook.cli.check import github_escape

    assert github_escape("a\n::error::b 100%") == "a%0A::error::b 100%25"
    assert github_escape("cells/a,b:c.md", True) == "cells/a%2Cb%3Ac.md"
