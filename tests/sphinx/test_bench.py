"""`make bench` cannot rot: its synthetic archive is the markup editors write and builds clean,
and the whole benchmark runs end to end on a small archive."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import PROJECT

from bench.table import TARGETS


def test_bench_runs_end_to_end_on_a_small_archive(tmp_path):
    """Twenty notes, every row: each build runs with -W, so a warning in the archive fails here."""
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "20", "--json", str(tmp_path / "bench.json")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))["sizes"]["20"]
    assert figures["pages"]["value"] > 20 + 20 + 8
    for key in ("handbook_j1_seconds", "baseline_jauto_seconds", "edited_seconds", "added_seconds", "handbook_j1_rss"):
        assert figures[key]["value"] > 0
    table = done.stdout.splitlines()
    assert table[0] == "| | 20 notes | target |"
    assert any(line.startswith("| handbook / baseline, `-j 1` |") for line in table)
    # Every target's figure is measured, but the cost per added note, which needs two sizes.
    assert {target.key for target in TARGETS} - set(figures) == {"marginal_ms"}
