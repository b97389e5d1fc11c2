"""axe finds no violation, of any impact, on every kind of page of the real handbook, in light and
dark, on a desktop and on a phone; the site served under a path, as readers reach it."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from helpers import ARTEFACTS
from playwright.sync_api import expect

#: One page of every kind a reader meets.
PAGES = {
    "home": "index.html",
    "cells": "cells/index.html",
    "cell": "cells/sharing-and-building-power/index.html",
    "meeting": "cells/sharing-and-building-power/2022-10-19-levelling-up.html",
    "themes": "themes/index.html",
    "theme": "themes/health.html",
    "people": "people/index.html",
    "person": "people/caroline-slocock.html",
    "archive": "archive/index.html",
    "year": "archive/2022.html",
    "essay": "essays/imagining-an-end-to-poverty-narrative.html",
    "works cited": "works-cited.html",
    "editors' guide": "editing.html",
    "search": "search.html?q=health&theme=health",
    "not found": "404.html",
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
#: Screenshots left for a person to look at (`make test`): these kinds, at both widths.
SHOWN = {"home", "cell", "meeting", "person", "archive", "search"}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_violation(browser, base, kind, scheme, viewport):
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], color_scheme=scheme, is_mobile=viewport == "phone", has_touch=viewport == "phone"
    )
    page = context.new_page()
    page.goto(f"{base}/{PAGES[kind]}")
    if kind == "search":
        expect(page.locator("pagefind-summary")).to_contain_text("results for health")
        expect(page.locator("pagefind-results a.pf-result-link").first).to_be_visible()
    # No preload: axe would fetch the theme's imported stylesheet itself, from the wrong address.
    report = Axe().run(page, options={"resultTypes": ["violations"], "preload": False}).response["violations"]
    if scheme == "light" and kind in SHOWN:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        width = VIEWPORTS[viewport]["width"]
        page.screenshot(path=str(ARTEFACTS / f"{kind}-{width}.png"), full_page=viewport == "desktop")
    context.close()
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5]) for v in report
    ]
    assert found == [], "\n".join(found)
