"""Right-to-left runs in print as the bidirectional algorithm finds them, and a bracket in one
drawn turned round (printed and read back: tests/sphinx/test_scripts_in_print.py)."""

from __future__ import annotations

import pytest
from handbook.latex import direction


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("Layla said مرحبا بكم جميعا (welcome, all of you) to the room.", ["مرحبا بكم جميعا"]),
        ("Voices: Γειά, Привіт, مرحبا, שלום, नमस्ते", ["مرحبا, שלום"]),  # the comma between takes their side
        ("— as נועה לוי (בית הקהילה)", ["נועה לוי (בית הקהילה)"]),  # a bracket pair inside a run is the run's
        ("the שלום (peace) meal", ["שלום"]),  # … but brackets around English are the paragraph's
        ("room 12 שלום 34 and more", ["שלום 34"]),
        ("only English here", []),
    ],
)
def test_right_to_left_runs_are_the_bidirectional_algorithms(text, runs):
    assert [text[start:end] for start, end in direction.rtl_runs(text)] == runs


def test_a_bracket_in_a_right_to_left_run_is_drawn_turned_round():
    assert direction.mirrored("נועה לוי (בית הקהילה)") == "נועה לוי )בית הקהילה("
