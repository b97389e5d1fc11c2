"""Search, as a reader uses it: the real handbook built once, served over HTTP, searched in Chromium.

Counts and result lists are checked against the domain's data (the pickled build environment),
not against numbers written here, so the tests follow the archive as it grows. What the build
indexes, without a browser: tests/sphinx/test_search_index.py.
"""

from __future__ import annotations

import io
import re
from contextlib import redirect_stderr
from urllib.parse import quote

import pytest
from handbook.content.dates import PartialDate
from helpers import ARTEFACTS, PREFIX, PROJECT, heading, serve
from playwright.sync_api import expect

XSS = "<img src=x onerror=alert(1)>"


# --- the site, its data, a server and a browser ---------------------------------------------------


@pytest.fixture
def page(browser):
    """A fresh tab, tall enough that every result loads, that records what must never happen:
    a script dialog, an uncaught error, a request that fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 2400})
    tab = context.new_page()
    tab.dialogs, tab.errors, tab.failed = [], [], []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("response", lambda response: response.status >= 400 and tab.failed.append(response.url))
    # A request the browser itself gives up as the page navigates away (the favicon) is no failure.
    tab.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED" and tab.failed.append(request.url))
    yield tab
    assert (tab.dialogs, tab.errors, tab.failed) == ([], [], [])
    context.close()


# --- what a reader sees ---------------------------------------------------------------------------


def summary(tab):
    return tab.locator("pagefind-summary")


def results(tab) -> list[tuple[str, str]]:
    """(address, title) of every result, scrolled through as a reader would: results load as they
    come into view, until as many have loaded as the summary counts."""
    expect(summary(tab)).to_have_text(re.compile(r"^(No results|\d+ results?)\b"))
    count = summary(tab).inner_text().split()[0]
    expected = 0 if count == "No" else int(count)
    links = tab.locator("pagefind-results a.pf-result-link")
    placeholders = tab.locator("pagefind-results .pf-skeleton")
    for _ in range(100):
        if links.count() == expected or not placeholders.count():
            break
        tab.evaluate("document.querySelector('pagefind-results .pf-skeleton')?.scrollIntoView()")
        tab.wait_for_timeout(50)
    expect(links).to_have_count(expected)
    # A result's address carries the words searched (`?pagefind-highlight=`), for the opened page to mark.
    return [(link.get_attribute("href").partition("?")[0], link.inner_text()) for link in links.all()]


def address_of(docname: str) -> str:
    """A result's address, under the path the site is served at."""
    return f"{PREFIX}/{docname}.html"


def facet(tab, name: str) -> dict[str, int]:
    """The values of one filter group as shown, with their counts."""
    group = tab.locator(f'details.pf-filter-group[data-filter-name="{name}"]')
    if not group.evaluate("details => details.open"):
        group.locator("summary").click()
    shown = {}
    for label in group.locator("label.pf-filter-checkbox:not([data-pf-hidden])").all():
        shown[label.locator("input").get_attribute("value")] = int(
            label.locator(".pf-filter-checkbox-count").inner_text()
        )
    return shown


def search(tab, base: str, query: str = "", **filters: str) -> None:
    """Open the search page with a query and filters in its address; wait for the index, and for
    results when something was asked."""
    params = "&".join(f"{key}={quote(value)}" for key, value in (("q", query), *filters.items()) if value)
    tab.goto(f"{base}/search.html" + (f"?{params}" if params else ""))
    expect(tab.locator("pagefind-filter-pane details").first).to_be_attached()
    if params:
        expect(summary(tab)).to_contain_text("result")


# --- searching in a browser ------------------------------------------------------------------------


def test_a_query_only_one_meeting_matches_finds_it_first(page, base, meetings, site):
    levelling_up = next(docname for docname, meeting in meetings.items() if meeting["slug"] == "levelling-up")
    meeting = meetings[levelling_up]
    search(page, base, "Reconnection Summit")
    found = results(page)
    assert found[0] == (address_of(levelling_up), meeting["title"])
    first = page.locator("pagefind-results li").first
    assert first.locator(".handbook-result-facts span").all_inner_texts() == [
        "Meeting",
        PartialDate.parse(meeting["date"]).display(),
        heading(site, f"cells/{meeting['cell']}/index"),
    ]
    assert first.locator(".handbook-result-excerpt mark").first.inner_text() == "Reconnection"
    assert len(found) == 1


def test_a_meeting_is_found_on_its_own_page_not_on_the_listings_that_name_it(page, base, meetings):
    """A word of one meeting's title: its cell, themes, speakers, year and related meetings all
    list that title, and none of them is a result."""
    liberating = next(docname for docname, meeting in meetings.items() if meeting["slug"] == "liberating-the-method")
    search(page, base, "liberating")
    found = results(page)
    assert found[0][0] == address_of(liberating)
    kinds = page.locator("pagefind-results .handbook-result-kind").all_inner_texts()
    assert kinds == ["Meeting"] * len(found)
    assert all(href.startswith(f"{PREFIX}/cells/") for href, _ in found)


def test_a_theme_filter_narrows_to_its_meetings_with_the_domains_counts(page, base, meetings):
    search(page, base)
    in_theme: dict[str, set[str]] = {}
    for docname, meeting in meetings.items():
        for theme in meeting["theme_names"]:
            in_theme.setdefault(theme, set()).add(docname)
    assert facet(page, "theme") == {theme: len(found) for theme, found in in_theme.items()}

    theme = max(in_theme, key=lambda name: len(in_theme[name]))
    page.locator(f'details[data-filter-name="theme"] input[value="{theme}"]').check()
    expect(summary(page)).to_have_text(f"{len(in_theme[theme])} results")
    assert {href for href, _ in results(page)} == {address_of(docname) for docname in in_theme[theme]}
    assert f"theme={theme.lower()}" in page.url

    page.locator(".handbook-search-box input").fill("care")
    expect(summary(page)).to_contain_text("for care")
    with_query = {href for href, _ in results(page)}
    assert with_query and with_query < {address_of(docname) for docname in in_theme[theme]}
    assert page.url.endswith(f"?theme={theme.lower()}&q=care")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTEFACTS / "search-filtered-by-theme.png", full_page=True)


def test_browsing_a_filter_lists_meetings_newest_first(page, base, meetings):
    search(page, base, kind="meeting", year="2022")
    in_2022 = sorted(
        (meeting["date"], docname) for docname, meeting in meetings.items() if meeting["date"].startswith("2022")
    )
    assert [href for href, _ in results(page)] == [address_of(docname) for _, docname in reversed(in_2022)]


def test_a_speaker_filter_finds_every_appearance(page, base, meetings, site):
    slug = max(
        {person for meeting in meetings.values() for person in meeting["people"]},
        key=lambda person: (sum(person in meeting["people"] for meeting in meetings.values()), person),
    )
    search(page, base, speaker=slug)
    appearances = {address_of(docname) for docname, meeting in meetings.items() if slug in meeting["people"]}
    assert len(appearances) > 1
    assert {href for href, _ in results(page)} == appearances
    name = page.locator('details[data-filter-name="speaker"] input:checked').get_attribute("value")
    assert name == heading(site, f"people/{slug}")


def test_a_query_with_no_match_says_so(page, base):
    search(page, base, "zyxwvutsrq")
    expect(summary(page)).to_have_text("No results for zyxwvutsrq")
    assert results(page) == []


@pytest.mark.parametrize("typed", [True, False], ids=["typed", "in-the-address"])
def test_markup_in_a_query_is_text_and_runs_nothing(page, base, typed):
    if typed:
        search(page, base)
        page.locator(".handbook-search-box input").fill(XSS)
    else:
        search(page, base, XSS)
    expect(summary(page)).to_contain_text(f" for {XSS}")
    expect(page.locator(".handbook-search-box input")).to_have_value(XSS)
    page.wait_for_timeout(300)
    assert page.locator("img[src='x']").count() == 0
    assert page.dialogs == []


def test_keyboard_alone_searches_and_opens_a_result(page, base):
    search(page, base)
    field = page.locator(".handbook-search-box input")
    expect(field).to_be_focused()
    page.keyboard.press("Tab")
    expect(field).not_to_be_focused()
    page.keyboard.press("/")
    expect(field).to_be_focused()
    page.keyboard.type("power")
    expect(summary(page)).to_contain_text("for power")
    second = results(page)[1][0]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator(f'pagefind-results a[href^="{second}?"]')).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(base.removesuffix(PREFIX) + second)))


def test_the_themes_search_button_leads_to_pagefind(page, base):
    page.goto(f"{base}/themes/health.html")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.search-button__button')"):
            break
    page.keyboard.press("Enter")
    page.keyboard.type("mutual aid")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q=mutual\+aid$"))
    expect(summary(page)).to_contain_text("for mutual aid")
    expect(page.locator(".handbook-search-box input")).to_have_value("mutual aid")


def test_the_address_keeps_the_search_and_back_restores_it(page, base):
    search(page, base, "care")
    unfiltered = len(results(page))
    page.locator('details[data-filter-name="kind"] input[value="Meeting"]').check()
    page.wait_for_url(re.compile(r"\?kind=meeting&q=care$"))
    filtered = results(page)
    assert len(filtered) < unfiltered
    page.locator("pagefind-results a.pf-result-link").first.click()
    page.wait_for_url(re.compile(re.escape(base.removesuffix(PREFIX) + filtered[0][0])))

    page.go_back()
    page.wait_for_url(re.compile(r"\?kind=meeting&q=care$"))
    expect(page.locator('input[value="Meeting"]')).to_be_checked()
    expect(page.locator(".handbook-search-box input")).to_have_value("care")
    assert results(page) == filtered
    page.go_back()
    page.wait_for_url(re.compile(r"/search\.html\?q=care$"))
    expect(page.locator('input[value="Meeting"]')).not_to_be_checked()
    expect(summary(page)).to_have_text(f"{unfiltered} results for care")


def built_and_served(tmp_path_factory, root: str):
    """A test root built as HTML and served over HTTP: yields its address."""
    from sphinx.cmd.build import build_main

    out = tmp_path_factory.mktemp(root)
    with redirect_stderr(io.StringIO()):
        status = build_main(
            [
                "-b",
                "html",
                "-q",
                "-d",
                str(out / "doctrees"),
                str(PROJECT / "tests" / "roots" / root),
                str(out / "html"),
            ]
        )
    assert status == 0
    server, url = serve(out / "html")
    yield url
    server.terminate()
    server.wait()


@pytest.fixture(scope="module")
def escaping_base(tmp_path_factory):
    """The test root whose notes type markup into every field, built and served."""
    yield from built_and_served(tmp_path_factory, "test-escaping")


def test_markup_typed_in_notes_shows_as_text_in_results_and_filters(page, escaping_base):
    search(page, escaping_base, "alert", speaker="eve-script-alert-name-script-co")
    [(_, title)] = results(page)
    assert title == "Title <script>alert('title')</script> & # $ % ~ _ ^ \\ { }"
    checked = page.locator('details[data-filter-name="speaker"] label:has(input:checked)')
    assert checked.text_content().strip() == "Eve <script>alert('name')</script> & Co1"
    assert page.locator(".pf-results script, .pf-results img, pagefind-filter-pane script").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []


# --- names and words in every script ------------------------------------------------------------


SCRIPTS_CELL = "cells/sharing-and-building-power"


@pytest.fixture(scope="module")
def scripts(tmp_path_factory):
    """The root of every script (`tests/roots/test-scripts/`, see test_scripts.py), built and served."""
    yield from built_and_served(tmp_path_factory, "test-scripts")


@pytest.mark.parametrize(
    ("query", "found", "written"),
    [
        ("Odegard", f"{SCRIPTS_CELL}/2023-06-10-the-corner-cafe", "Ødegård"),
        ("Lukasz", f"{SCRIPTS_CELL}/2023-06-16-saturday-school", "Łukasz"),
        ("Dvorak", f"{SCRIPTS_CELL}/2023-06-20-voices", "Dvořák"),
        ("Nguyen", f"{SCRIPTS_CELL}/2023-06-20-voices", "Nguyễn"),
        ("Strasse", f"{SCRIPTS_CELL}/2023-06-20-voices", "Straße"),
        ("naive", f"{SCRIPTS_CELL}/2023-06-10-the-corner-cafe", "naïve"),
    ],
)
def test_a_name_is_found_without_its_accents_and_shown_as_written(page, scripts, query, found, written):
    search(page, scripts, query)
    assert f"/{found}.html" in {href for href, _ in results(page)}
    marked = page.locator("pagefind-results mark").all_inner_texts()
    assert any(written in mark or mark in written for mark in marked), marked
    assert page.locator(".handbook-search-box input").input_value() == query


def test_a_name_typed_without_its_letters_finds_both_spellings(page, scripts):
    """One note writes Łukasz, another Lukasz: a reader typing Lukasz is shown both."""
    search(page, scripts, "Lukasz")
    found = {href for href, _ in results(page)}
    assert {f"/{SCRIPTS_CELL}/2023-06-16-saturday-school.html", f"/{SCRIPTS_CELL}/2023-06-20-voices.html"} <= found


def test_the_speaker_filter_takes_the_slug_of_a_name_in_any_script(page, scripts):
    for slug, name, meetings in [
        ("olena-kovalenko", "Олена Коваленко", {"2023-06-01-neighbours-across-borders", "2023-06-20-voices"}),
        ("renee-odegard", "Renée Ødegård", {"2023-06-10-the-corner-cafe"}),
        ("wang-fang", "王芳", {"2023-06-05-one-boat"}),
    ]:
        search(page, scripts, speaker=slug)
        assert {href for href, _ in results(page)} == {f"/{SCRIPTS_CELL}/{meeting}.html" for meeting in meetings}
        assert page.locator('details[data-filter-name="speaker"] input:checked').get_attribute("value") == name


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("同舟共济", f"{SCRIPTS_CELL}/2023-06-05-one-boat"),
        ("同舟", f"{SCRIPTS_CELL}/2023-06-05-one-boat"),  # the beginning of a run of Chinese in an English page
        ("町内", f"{SCRIPTS_CELL}/2023-06-20-voices"),
        ("환영합니다", f"{SCRIPTS_CELL}/2023-06-20-voices"),
        ("Коваленко", "people/olena-kovalenko"),
        ("حداد", "people/layla-haddad"),
        ("שלום", f"{SCRIPTS_CELL}/2023-06-20-voices"),
        ("स्वागत", f"{SCRIPTS_CELL}/2023-06-20-voices"),
        ("Καλώς", f"{SCRIPTS_CELL}/2023-06-20-voices"),
    ],
)
def test_words_of_every_script_are_found(page, scripts, query, found):
    search(page, scripts, query)
    assert f"/{found}.html" in {href for href, _ in results(page)}


def test_a_run_of_chinese_in_an_english_page_is_not_found_by_its_middle(page, scripts):
    """Pagefind segments Chinese only on pages whose language is Chinese (Pagefind/pagefind#1184);
    ARCHITECTURE.md (Search, "Other scripts") says so. When Pagefind does, this test fails and that
    note can go."""
    search(page, scripts, "共济")
    assert results(page) == []


# --- anywhere it is served ---------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["root", "prefix"])
def test_search_works_at_the_servers_root_and_under_a_path(page, base, root_base, meetings, where):
    """Pagefind's bundle and the results' addresses follow the page, not the server's root."""
    served = base if where == "prefix" else root_base
    prefix = PREFIX if where == "prefix" else ""
    levelling_up = next(docname for docname, meeting in meetings.items() if meeting["slug"] == "levelling-up")
    search(page, served, "Reconnection Summit")
    expect(page.locator(".pf-error, pagefind-results [role=alert]")).to_have_count(0)
    assert results(page)[0][0] == f"{prefix}/{levelling_up}.html"
    page.locator("pagefind-results a.pf-result-link").first.click()
    page.wait_for_url(re.compile(re.escape(f"{prefix}/{levelling_up}.html")))
    expect(page.locator("article h1")).to_be_visible()


def test_an_opened_result_marks_the_words_found_and_shows_the_first(page, base):
    search(page, base, "Reconnection Summit")
    results(page)
    page.locator("pagefind-results a.pf-result-link").first.click()
    marks = page.locator("article mark.handbook-highlight")
    expect(marks.first).to_be_in_viewport()
    assert {text.lower() for text in marks.all_inner_texts()} >= {"reconnection", "summit"}


# --- results worth clicking --------------------------------------------------------------------------

#: Reader queries held out from tuning, each with the page a reader means: it must come first.
READER_QUERIES = {
    "health inequalities": "cells/sharing-and-building-power/2023-05-30-shifting-power-health-inequalities",
    "mutual aid": "cells/putting-relationships-first/2022-02-23-mutual-aid",
    "community power": "cells/sharing-and-building-power/2022-03-29-community-power",
    "Scotland": "cells/listening-to-each-other/undated-scotlands-community-empowerment-act",
    "relational state": "cells/putting-relationships-first/2023-03-02-relational-welfare-state",
    "Beveridge report": "cells/putting-relationships-first/2023-03-02-relational-welfare-state",
    "Caroline Slocock": "people/caroline-slocock",
    "Nick Sinclair": "people/nick-sinclair",
    "poverty": "cells/network-events/2022-11-18-imagining-an-end-to-poverty",
}


@pytest.mark.parametrize("query", READER_QUERIES)
def test_a_readers_query_finds_what_they_mean_first(page, base, query):
    search(page, base, query)
    assert results(page)[0][0] == address_of(READER_QUERIES[query])


def test_the_editors_guide_is_left_out_until_chosen_one_click_away(page, base):
    search(page, base, "Caroline Slocock")
    assert address_of("editing") not in [href for href, _ in results(page)]
    assert address_of("people/caroline-slocock") == results(page)[0][0]
    page.locator(".handbook-search-editors a").click()
    page.wait_for_url(re.compile(r"\?kind=editors-guide&q=Caroline\+Slocock$"))
    assert [href for href, _ in results(page)] == [address_of("editing")]


def test_excerpts_hold_the_notes_words_not_badges_or_numbers(page, base):
    search(page, base, "health inequalities")
    results(page)
    excerpt = page.locator("pagefind-results .handbook-result-excerpt").first.inner_text()
    assert "Health Power" not in excerpt and "Copy link" not in excerpt
    # The question is followed by the note's own first words, not by the theme badges.
    assert "health inequalities? The topic for this meeting" in excerpt


def test_on_a_phone_the_first_result_shows_above_the_fold(browser, base):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True, has_touch=True
    )
    tab = context.new_page()
    search(tab, base)
    tab.locator(".handbook-search-box input").fill("care")
    expect(summary(tab)).to_contain_text("for care")
    first = tab.locator("pagefind-results a.pf-result-link").first
    expect(first).to_be_in_viewport()
    assert first.bounding_box()["y"] + first.bounding_box()["height"] <= 844
    expect(tab.locator("details.handbook-search-filters")).not_to_have_attribute("open", "")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTEFACTS / "search-390.png"))
    tab.locator("details.handbook-search-filters > summary").click()
    expect(tab.locator('details[data-filter-name="kind"]')).to_be_visible()
    context.close()
