"""Reading paths: listings, people, years, digests, related meetings and previous/next."""

from __future__ import annotations

import pytest
from helpers import article, warnings

pytestmark = pytest.mark.sphinx("html", testroot="listings")


def titles(node) -> list[str]:
    return [link.get_text() for link in node.select("li > p > a")]


def details(node) -> list[str]:
    return [" ".join(item.get_text("").split()) for item in node.select("li > p")]


def test_listings_build_without_warnings(app):
    app.build()
    assert warnings(app) == []


def test_cell_page_lists_its_meetings_newest_first_partial_after_full_undated_last(app):
    app.build()
    listing = article(app, "cells/alpha/index").select_one(".handbook-listing-meetings")
    assert details(listing) == [
        "Alpha one — 30 May 2023 · Alpha",
        "Alpha two — May 2023 · Alpha",
        "Alpha three — 2 March 2023 · Alpha",
        "Alpha four — 2022 · Alpha",
        "Alpha five — undated · Alpha",
    ]


def test_meetings_filters_combine_and_limit_cuts(app):
    app.build()
    combined, latest, person = article(app, "index").select(".handbook-listing-meetings")
    assert titles(combined) == ["Alpha one", "Alpha two", "Alpha three"]
    assert titles(latest) == ["Alpha one", "Alpha two"]
    assert titles(person) == ["Alpha one", "Alpha two", "Beta one", "Gamma three"]


def test_people_index_is_a_to_z_with_meeting_counts(app):
    app.build()
    listing = article(app, "people/index").select_one(".handbook-listing-people")
    assert [rubric.get_text() for rubric in listing.select(".rubric")] == ["A", "B", "C", "D"]
    assert details(listing) == [
        "Ann Able (4 meetings)",
        "Bob Baker (3 meetings)",
        "Cy Cole (1 meeting)",
        "Dee Dunn (2 meetings)",
    ]


def test_person_page_lists_every_appearance_as_stated_at_that_meeting(app):
    app.build()
    listing = article(app, "people/bob-baker").select_one(".handbook-listing-appearances")
    assert details(listing) == [
        "Alpha one — 30 May 2023 · Alpha — as Bob Baker (provocateur)",
        "Beta three — June 2022 · Beta — as Bob Baker",
        "Alpha five — undated · Alpha — as Bob Baker (respondent, Baker & Sons)",
    ]
    ann = article(app, "people/ann-able").select_one(".handbook-listing-appearances")
    assert "Alpha two — May 2023 · Alpha — as Ann (chair)" in details(ann)


def test_year_archive_lists_the_years_and_each_years_meetings(app):
    app.build()
    years = article(app, "archive/index").select_one(".handbook-listing-years")
    assert details(years) == ["2023 (5 meetings)", "2022 (4 meetings)", "2021 (1 meeting)", "Undated (2 meetings)"]
    assert titles(article(app, "archive/2021")) == ["Gamma three"]


def test_theme_page_shows_its_meetings_and_a_digest_linking_each_key_point(app):
    app.build()
    body = article(app, "themes/care")
    assert titles(body.select_one(".handbook-listing-meetings")) == [
        "Gamma one",
        "Beta three",
        "Gamma three",
        "Alpha five",
    ]
    digest = body.select_one(".handbook-listing-digest")
    first = digest.select("li")[0]
    assert " ".join(first.get_text("").split()) == "First point of Gamma one. (Gamma one, 10 January 2023)"
    assert first.select_one("a")["href"] == "../cells/gamma/2023-01-10-gamma-one.html#gamma-one-kp-1"
    assert len(digest.select("li")) == 8
    assert digest.select_one(".handbook-digest-limit") is None  # 4 meetings: all shown, no limit said


def test_related_meetings_put_other_cells_first_and_stop_at_five(app):
    app.build()
    related = article(app, "cells/alpha/2023-05-two").select_one(".handbook-listing-related")
    assert related.select_one(".rubric").get_text() == "Related meetings"
    # Ann Able spoke at Beta one and Gamma three (2 points each); Beta one also shares health.
    assert titles(related) == ["Beta one", "Gamma three", "Beta three", "Gamma two", "Alpha one"]


def test_previous_and_next_stay_within_the_cell(app):
    app.build()
    links = article(app, "cells/alpha/2023-05-two").select_one(".handbook-listing-prevnext")
    assert details(links) == ["Previous: Alpha three — 2 March 2023 · Alpha", "Next: Alpha one — 30 May 2023 · Alpha"]
    last = article(app, "cells/alpha/undated-five").select_one(".handbook-listing-prevnext")
    assert details(last) == ["Next: Alpha four — 2022 · Alpha"]


def test_a_meeting_sharing_no_theme_or_speaker_is_related_by_its_words(app):
    """Beta four has no theme and no speaker: its related meetings are those most alike in words."""
    app.build()
    related = article(app, "cells/beta/undated-four").select_one(".handbook-listing-related")
    # "four" is rarer than "beta", which every Beta meeting has; meetings with no word in common are left out.
    assert titles(related) == ["Alpha four", "Beta two", "Beta one", "Beta three"]


@pytest.mark.sphinx("html", testroot="listings", confoverrides={"handbook_digest_meetings": 2})
def test_a_themes_page_shows_the_key_points_of_its_latest_meetings_and_says_so(app):
    """A theme's page costs the same at any size of archive: its meetings are all listed, its key
    points are those of the latest meetings (`handbook_digest_meetings`)."""
    app.build()
    assert warnings(app) == []
    body = article(app, "themes/care")
    assert len(titles(body.select_one(".handbook-listing-meetings"))) == 4
    digest = body.select_one(".handbook-listing-digest")
    sources = [link.get_text() for link in digest.select(".handbook-digest-source a")]
    assert list(dict.fromkeys(sources)) == ["Gamma one, 10 January 2023", "Beta three, June 2022"]
    assert digest.select_one(".handbook-digest-limit").get_text() == (
        "Key points of the 2 latest meetings that have them. Every meeting of the theme is listed above, "
        "and its printed guide holds every one, each in its meeting."
    )


@pytest.mark.sphinx("latex", testroot="listings", confoverrides={"handbook_digest_meetings": 2})
def test_a_themes_guide_prints_each_key_point_once_in_its_meeting(app):
    app.build()
    guide = (app.outdir / "guide-care.tex").read_text(encoding="utf-8")
    # The theme's digest is the website's: in print the point is in its meeting only.
    assert guide.count("First point of Alpha five.") == 1
    assert "latest meetings that have them" not in guide
