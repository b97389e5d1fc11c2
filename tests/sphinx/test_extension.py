"""The extension core: speaker cards, key points, roles, the inventory and parallel builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import article, warnings
from sphinx.util.inventory import InventoryFile

pytestmark = pytest.mark.sphinx("html", testroot="notes")

MEETING = "cells/joining-forces/2022-10-19-levelling-up"


def test_extension_is_safe_for_parallel_builds(app):
    extension = app.extensions["handbook"]
    assert extension.parallel_read_safe is True
    assert extension.parallel_write_safe is True


def test_notes_build_without_warnings(app):
    app.build()
    assert warnings(app) == []


def test_speaker_card_shows_name_role_and_organisation_linked_to_the_person(app):
    app.build()
    card = article(app, MEETING).select(".sd-card.handbook-speaker")[0]
    name = card.select_one(".handbook-speaker-name a")
    assert name.get_text() == "Nicola Steuer"
    assert name["href"] == "../../people/nicola-steuer.html"
    assert card.select_one(".handbook-role").get_text() == "opening speaker"
    assert card.select_one(".handbook-org").get_text() == "New Local"
    assert card.select_one(".sd-card-body").get_text(" ", strip=True) == "Nicola spoke about councils."
    assert card["id"] == "levelling-up-speaker-1"


def test_speaker_card_person_option_links_a_name_variant_to_one_person(app):
    app.build()
    card = article(app, MEETING).select(".handbook-speaker")[1]
    link = card.select_one(".handbook-speaker-name a")
    assert link.get_text() == "Cate Newness Smith"
    assert link["href"].endswith("people/cate-newnes-smith.html")
    assert card.select_one(".handbook-speaker-details") is None
    assert card.select_one(".sd-card-body") is None


def test_keypoints_have_a_title_and_a_stable_anchor_per_item(app):
    app.build()
    box = article(app, MEETING).select_one(".handbook-keypoints")
    assert box.select_one(".handbook-keypoints-title").get_text() == "Key points from the speakers and the discussion:"
    items = box.select("li.handbook-keypoint")
    assert [item["id"] for item in items] == ["levelling-up-kp-1", "levelling-up-kp-2"]
    assert items[1].select_one("p").get_text(" ", strip=True) == "Trust takes time."
    assert items[1].select_one("a.handbook-keypoint-number").get_text() == "2"
    assert article(app, MEETING).select_one("#trust-takes-time") is not None


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("Joining forces: unequal alliances", "2023-03-unequal-alliances.html"),
        ("Health", "../../themes/health.html"),
        ("Nicola", "../../people/nicola-steuer.html"),
        ("Joining forces: levelling up, key point 2", "#levelling-up-kp-2"),
        ("Leadership", "../leadership/index.html"),
    ],
)
def test_roles_link_to_their_target_with_its_title(app, text, href):
    app.build()
    links = {a.get_text(): a["href"] for a in article(app, MEETING).select("p a.reference")}
    assert links[text] == href


def test_keypoint_role_by_number_reaches_another_page(app):
    app.build()
    link = article(app, "cells/joining-forces/2023-03-unequal-alliances").find(
        "a", string="Joining forces: levelling up, key point 1"
    )
    assert link["href"] == "2022-10-19-levelling-up.html#levelling-up-kp-1"


def test_meeting_header_shows_date_format_cell_question_and_theme_badges(app):
    app.build()
    header = article(app, MEETING).select_one(".handbook-meeting-header")
    assert header.select_one(".handbook-meeting-facts").get_text() == "19 October 2022 · event · Joining Forces"
    assert header.select_one(".handbook-question").get_text() == "What does it mean for the state to share power?"
    badges = header.select(".handbook-themes a .sd-badge")
    assert [badge.get_text() for badge in badges] == ["Power", "Health"]
    partial = article(app, "cells/joining-forces/2023-03-unequal-alliances").select_one(".handbook-meeting-facts")
    assert partial.get_text() == "March 2023 · Joining Forces"


def test_objects_reach_the_inventory(app):
    app.build()
    with open(Path(app.outdir) / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    assert inventory["handbook:meeting"]["levelling-up"].uri == f"{MEETING}.html"
    assert inventory["handbook:cell"]["leadership"].display_name == "Leadership"
    assert inventory["handbook:theme"]["health"].uri == "themes/health.html"
    assert inventory["handbook:person"]["cate-newnes-smith"].display_name == "Cate Newnes-Smith"
    assert inventory["handbook:keypoint"]["levelling-up-kp-1"].uri == f"{MEETING}.html#levelling-up-kp-1"
    assert inventory["handbook:keypoint"]["trust-takes-time"].uri == f"{MEETING}.html#levelling-up-kp-2"


@pytest.mark.sphinx("html", testroot="refs")
def test_unknown_targets_warn_at_their_line_and_show_as_text(app):
    app.build()
    assert warnings(app) == [
        f"<srcdir>/cells/a/2023-01-01-refs.md:{line}: WARNING: unknown {kind} '{target}': no {kind} of that name in the handbook [handbook.ref]"
        for line, kind, target in [
            (6, "meeting", "nowhere"),
            (8, "person", "nobody"),
            (10, "theme", "colour"),
            (12, "cell", "kitchen"),
            (14, "key point", "missing-kp-9"),
        ]
    ]
    text = article(app, "cells/a/2023-01-01-refs").get_text(" ", strip=True)
    assert "Meeting nowhere ." in text and "Someone ." in text


def test_parallel_build_gives_the_same_html_as_a_serial_one(make_app, rootdir, tmp_path):
    import shutil

    outputs = []
    for parallel in (1, 2):
        src = tmp_path / f"src{parallel}"
        shutil.copytree(rootdir / "test-notes", src)
        app = make_app("html", srcdir=src, parallel=parallel)
        app.build()
        outputs.append({path.relative_to(app.outdir): path.read_bytes() for path in Path(app.outdir).rglob("*.html")})
    assert outputs[0].keys() == outputs[1].keys()
    assert [name for name in outputs[0] if outputs[0][name] != outputs[1][name]] == []
