"""The published site in a browser: a printed meeting, a phone's width, and dark mode."""

from __future__ import annotations

import re
import subprocess

import pytest
from helpers import ARTEFACTS

MEETING = "cells/sharing-and-building-power/2023-05-30-shifting-power-health-inequalities.html"


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_a_printed_meeting_holds_the_note_cards_and_key_points_without_navigation(tab, base, tmp_path):
    tab.goto(f"{base}/{MEETING}")
    tab.emulate_media(media="print")
    printed = tmp_path / "meeting.pdf"
    tab.pdf(path=str(printed), format="A4")
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(printed), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Shifting power in favour of those experiencing health inequalities" in text
    assert "Arvinda Gohil" in text and "provocateur" in text  # speaker cards
    assert "Here are some of the points that emerged from the discussion:" in text  # key points
    assert "Co-production is being misappropriated and is becoming a tick box exercise." in text
    for navigation in ("Related meetings", "In this cell", "Section Navigation", "Skip to main content"):
        assert navigation not in text
    # On paper a link to another page of the handbook is its words alone.
    assert ".html>" not in text.replace(" ", "") and "<../" not in text.replace(" ", "")


def print_from_browser(tab, url: str, path) -> str:
    tab.goto(url)
    tab.emulate_media(media="print")
    tab.pdf(path=str(path), format="A4")
    return " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )


def test_a_printed_page_writes_out_addresses_on_other_sites_only(tab, base, tmp_path):
    text = print_from_browser(tab, f"{base}/editing.html", tmp_path / "editing.pdf").replace(" ", "")
    assert "<http://127.0.0.1:8000>" in text  # an address a reader can type
    assert ".html>" not in text and "<../" not in text and ".pdf>" not in text  # the handbook's own paths


def test_a_printed_meeting_fills_its_first_sheet_and_prints_no_controls(tab, base, tmp_path):
    """A speaker card too long for what is left of a sheet starts on it and goes on over the next,
    rather than leaving the sheet blank below the meeting's header; the screen's controls (a key
    point's "#3" and its "Copy link" button) are not printed."""
    printed = tmp_path / "meeting.pdf"
    text = print_from_browser(tab, f"{base}/{MEETING}", printed)
    assert "Copy link" not in text
    assert not re.search(r"(^|\s)#\d+\b", text)
    words = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(printed), "-"], capture_output=True, text=True, check=True
    ).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', words).group(1))
    lowest = max(float(y) for y in re.findall(r'yMax="([\d.]+)"', words))
    assert lowest > 0.8 * height  # the first sheet's text reaches its foot
    assert (
        "Arvinda Gohil"
        in subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", str(printed), "-"], capture_output=True, text=True, check=True
        ).stdout
    )


@pytest.mark.parametrize("docname", [MEETING, "themes/health.html", "people/index.html", "search.html"])
def test_pages_fit_a_phone_without_sideways_scrolling(browser, base, docname):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{base}/{docname}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"phone-{docname.replace('/', '_')}.png"), full_page=True)
    context.close()
    assert overflow == 0


def test_dark_mode_keeps_cards_badges_and_key_points_distinct(tab, base):
    tab.goto(f"{base}/{MEETING}")
    tab.evaluate("document.documentElement.dataset.theme = 'dark'")
    colours = tab.evaluate("""() => {
        const style = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
        return {
            page: style('body', 'backgroundColor'),
            text: style('.handbook-speaker .sd-card-body', 'color'),
            card: style('.handbook-speaker', 'backgroundColor'),
            keypoint: style('.handbook-keypoint', 'color'),
        };
    }""")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTEFACTS / "dark-meeting.png"))
    assert colours["text"] != colours["card"]
    assert colours["keypoint"] != colours["page"]
    assert colours["page"] != "rgb(255, 255, 255)"
