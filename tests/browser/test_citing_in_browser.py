"""Key points one can cite and previews of the handbook's links, in a browser: the site served
under a path."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

MEETING = "cells/sharing-and-building-power/2022-10-19-levelling-up.html"
LINKING = "cells/leadership/2023-04-17-better-leadership-for-health-and-care-2.html"


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    assert tab.errors == []
    context.close()


def test_a_key_points_copy_button_copies_its_address(desktop, base):
    desktop.goto(f"{base}/{MEETING}")
    second = desktop.locator("li.handbook-keypoint").nth(1)
    button = second.locator("button.handbook-copy-link")
    expect(button).to_have_accessible_name("Copy the link to key point 2")
    button.click()
    expect(button).to_have_text("Copied")
    assert desktop.evaluate("navigator.clipboard.readText()") == f"{base}/{MEETING}#levelling-up-kp-2"
    desktop.goto(f"{base}/{MEETING}#levelling-up-kp-2")
    expect(second).to_be_in_viewport()


def test_a_meeting_link_previews_on_hover_and_on_keyboard_focus(desktop, base):
    desktop.goto(f"{base}/{LINKING}")
    link = desktop.locator("article a.reference.internal:has(> .handbook-meeting)").first
    preview = desktop.locator("#handbook-preview")
    link.hover()
    expect(preview).to_be_visible()
    expect(preview.locator("strong")).to_have_text("Better leadership for health and care (first meeting)")
    expect(link).to_have_attribute("aria-describedby", "handbook-preview")
    desktop.mouse.move(0, 0)
    expect(preview).to_be_hidden()
    link.focus()
    expect(preview).to_be_visible()
    desktop.keyboard.press("Escape")
    expect(preview).to_be_hidden()


def test_a_person_link_previews_the_persons_page(desktop, base):
    desktop.goto(f"{base}/{MEETING}")
    link = desktop.locator("article a.reference.internal:has(> .handbook-person)").first
    link.hover()
    expect(desktop.locator("#handbook-preview strong")).to_have_text("Caroline Slocock")


def test_no_previews_on_a_touch_screen(browser, base):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(f"{base}/{LINKING}")
    tab.locator("article a.reference.internal:has(> .handbook-meeting)").first.focus()
    tab.wait_for_load_state("networkidle")
    assert tab.locator("#handbook-preview").count() == 0
    context.close()
