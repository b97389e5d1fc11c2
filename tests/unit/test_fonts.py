"""The printed handbook's fonts: each one installed, and the check of which characters print."""

from __future__ import annotations

import pytest
from handbook.content import fonts


@pytest.mark.parametrize("family", [fonts.MAIN, fonts.SANS, *(fallback.family for fallback in fonts.FALLBACKS)])
def test_every_font_the_print_names_is_installed(family):
    assert fonts._characters(family), f"{family} is missing: `make setup` installs the Debian packages"


def test_every_fallback_block_is_one_xelatex_knows():
    blocks = sum(len(fallback.blocks) for fallback in fonts.FALLBACKS)
    assert len(fonts._family_by_range()) == blocks


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("Ødegård, Dvořák, Nguyễn, Straße, Αλέξης, Олена", []),
        ("مرحبا שלום अमित 王芳 ようこそ 김민준 🙏 👏 ✅ 🎉 → ≤ ▶", []),
        ("❤️ 👩🏽‍🔬", []),  # a variation selector and a zero-width joiner print nothing themselves
        ("a 🫠 melting face, a 🥲 and 🫠 again", ["🫠", "🥲"]),
    ],
)
def test_the_characters_no_font_has_are_named_once_each(text, missing):
    assert fonts.unprintable(text) == missing
