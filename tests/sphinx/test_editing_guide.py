"""The editors' guide shows each example as typed and, from the same file, as readers see it;
its table of warnings is the catalogue the code reports from."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from handbook import diagnostics
from handbook.content import fields, layout
from helpers import PROJECT

EXAMPLES = PROJECT / "_editing"


@pytest.fixture(scope="module")
def guide(handbook):
    _, _, html = handbook
    return BeautifulSoup((html / "editing.html").read_text(encoding="utf-8"), "html.parser").select_one(
        "article.bd-article"
    )


def shown_as_typed(guide, name: str):
    """The code block that shows `_editing/<name>`, and what follows it."""
    text = (EXAMPLES / name).read_text(encoding="utf-8").rstrip("\n")
    blocks = [pre for pre in guide.select("div.highlight pre") if pre.get_text().rstrip("\n") == text]
    assert len(blocks) == 1, name
    return blocks[0].find_parent("div", class_="highlight").parent


def rendered(guide, name: str):
    return shown_as_typed(guide, name).find_next_sibling("div", class_="handbook-example")


def test_the_guide_is_in_the_navigation(handbook):
    _, _, html = handbook
    index = BeautifulSoup((html / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.select_one('nav a[href="editing.html"]').get_text(strip=True) == "Editing the handbook"


def test_front_matter_example_is_valid_for_this_handbook(guide):
    shown_as_typed(guide, "front-matter.md")
    text = (EXAMPLES / "front-matter.md").read_text(encoding="utf-8")
    data, lines, problems = fields.read_mapping(text)
    assert problems == []
    assert fields.validate_meeting(data, lines, layout.known_themes(PROJECT))[1] == []


def test_speaker_example_renders_as_a_card_linked_to_the_person(guide):
    card = rendered(guide, "speaker.md").select_one(".handbook-speaker")
    name = card.select_one(".handbook-speaker-name a")
    assert (name.get_text(), name["href"]) == ("Nicola Steuer", "people/nicola-steuer.html")
    assert card.select_one(".handbook-speaker-details").get_text() == "opening speaker · New Local"
    assert card.select_one(".sd-card-body").get_text(" ", strip=True).startswith("Nicola told us about why")


def test_keypoints_example_renders_as_a_list_with_an_address_per_point(guide):
    box = rendered(guide, "keypoints.md").select_one(".handbook-keypoints")
    assert box.select_one(".handbook-keypoints-title").get_text() == "Key points made by speakers include:"
    assert [item["id"] for item in box.select("li.handbook-keypoint")] == ["editing-kp-1", "editing-kp-2"]


def test_links_example_reaches_each_kind_of_target(guide):
    links = {a.get_text(" ", strip=True): a["href"] for a in rendered(guide, "links.md").select("a.reference")}
    assert links == {
        "Sharing and building power: community power": "cells/sharing-and-building-power/2022-03-29-community-power.html",
        "Power": "themes/power.html",
        "Sharing and Building Power": "cells/sharing-and-building-power/index.html",
        "Nicola": "people/nicola-steuer.html",
        "Caroline Slocock": "people/caroline-slocock.html",
        "Sharing and building power: Levelling up, key point 1": "cells/sharing-and-building-power/2022-10-19-levelling-up.html#levelling-up-kp-1",
        "Editing the handbook, key point 2": "#editing-kp-2",
    }


def test_listing_example_lists_the_newest_meetings_of_a_theme(guide):
    items = rendered(guide, "listing.md").select(".handbook-listing-meetings li")
    assert len(items) == 3
    assert all(item.select_one("a")["href"].startswith("cells/") for item in items)


def test_guide_table_of_warnings_is_the_catalogue(guide):
    """Every subtype of `diagnostics.SUBTYPES`, in its order, with its meaning as the code words it."""

    def words(text: str) -> str:
        return " ".join(text.split())

    rows = [
        [words(cell.get_text()) for cell in row.select("td")]
        for row in guide.select("table.handbook-warnings tbody tr")
    ]
    assert rows == [
        [f"handbook.{subtype}", words(meaning.replace("`", ""))] for subtype, meaning in diagnostics.SUBTYPES.items()
    ]
