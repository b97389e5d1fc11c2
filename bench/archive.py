"""A synthetic archive of N meeting notes, the same for the same seed.

Each note is drawn from its own random stream (seeded by the seed and its number), so the
archive of 300 notes is the first 300 notes of the archive of 3,000 and a size changes nothing
but the size. Notes only refer to earlier notes, so every reference resolves at every size.
The archive is a model (cells, themes, people, notes made of blocks); `project.py` and
`baseline.py` write it out in the handbook's markup and in plain Markdown.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field

from handbook.content.dates import PartialDate
from handbook.content.names import slugify

CELLS = [
    "Sharing and Building Power",
    "Putting Relationships First",
    "Removing the Roadblocks",
    "Joining Forces",
    "Listening to Each Other",
    "Leadership",
    "Network Events",
    "Places That Work",
    "Community Wealth",
    "Health and Care Together",
    "Young People Leading",
    "Welfare That Cares",
    "Imagination",
    "Digital Inclusion",
    "Housing and Home",
    "Food and Community",
    "Climate and Place",
    "Mutual Aid",
    "Civic Institutions",
    "Funding Differently",
]
THEMES = ["health", "leadership", "joining-forces", "power", "relationships", "listening", "imagination", "place"]
PEOPLE = 300
FIRST = (
    "Anne Arvinda Caroline Cate Christine Clare David Karin Lara Neil Nick Nicola Phoebe Samira Sarah Sue "
    "Tony Zoë Siân Ayo Brendan Chidi Dafydd Eilidh Fatima Graham Hamza Ioana Jasmine Kwame"
).split()
SURNAMES = (
    "Bowers Gohil Slocock Newnes-Smith Frazer Wightman Robinson Woodley Rufus-Fayemi Denton Sinclair Steuer "
    "Tickell Ben-Omar Thomas Tibballs McKenzie O'Neill Ní-Bhriain Okafor Davies Campbell Ahmed Evans Walsh "
    "Nowak Mensah Hughes Patel Lloyd"
).split()
ROLES = ["opening speaker", "provocateur", "respondent", "chair", "thought leader", "co-convenor", ""]
ORGS = [
    "New Local",
    "Engage",
    "Cambridge House",
    "Relationships Project",
    "Surrey Youth Focus",
    "Local Area Co-ordination Network",
    "Barrow Cadbury Trust",
    "Locality",
    "Carnegie UK",
    "Shared Health & Care",
    "",
]
FORMATS = ["cell meeting", "roundtable", "event", "workshop", "meeting"]
ATTRIBUTIONS = ["speakers, breakout groups, plenary", "speakers, participants", "breakout groups", "plenary"]
TOPICS = [
    "community power",
    "levelling up",
    "mutual aid",
    "relational welfare",
    "health inequalities",
    "social care",
    "listening well",
    "unequal alliances",
    "strategy in a crisis",
    "leadership as facilitation",
    "building connection",
    "local anchors",
    "citizen panels",
    "trust and data",
    "youth voice",
    "place-based funding",
    "the relational state",
    "small charities",
    "campaigns that last",
    "imagining an end to poverty",
]
WORDS = (
    "community communities people power local council councils relationships trust time money services "
    "health care well-being staff volunteers networks place places change culture listening action "
    "leaders leadership practice evidence funding funders partnership partnerships voice voices systems "
    "neighbourhoods organisations charities risk learning stories data government national state "
    "commissioning outcomes investment capacity skills"
).split()
VERBS = (
    "build share shift hear listen change grow fund support trust learn open ask lead connect hold invest work meet act"
).split()
OPENERS = [
    "We heard that",
    "Participants said",
    "One speaker argued that",
    "The group agreed that",
    "It was noted that",
    "In the plenary, people asked whether",
    "Someone pointed out that",
    "Breakout groups reflected that",
    "A council officer said",
    "The discussion returned to how",
]


@dataclass(frozen=True)
class Ref:
    """A cross-reference as an editor writes it: `{kind}` target, with the note's own words or
    (no text) the target's title."""

    kind: str
    target: str
    text: str = ""


Inline = str | Ref


@dataclass
class Speaker:
    person: str
    name: str
    role: str
    org: str
    body: list[Inline]


@dataclass
class Keypoints:
    title: str
    attribution: str
    points: list[tuple[str, list[Inline]]]  # (label written before the point or "", text)


@dataclass
class Note:
    number: int
    cell: str
    slug: str
    date: str
    themes: list[str]
    question: str
    format: str
    title: str
    blocks: list[list[Inline] | Speaker | Keypoints] = field(default_factory=list)

    @property
    def docname(self) -> str:
        return f"cells/{self.cell}/{self.date or 'undated'}-{self.slug}"

    @property
    def speakers(self) -> list[Speaker]:
        return [block for block in self.blocks if isinstance(block, Speaker)]

    @property
    def keypoints(self) -> list[tuple[str, list[Inline]]]:
        return [point for block in self.blocks if isinstance(block, Keypoints) for point in block.points]

    def sort_key(self) -> tuple:
        """Newest first when sorted in reverse, undated last, as the handbook lists them."""
        return (PartialDate.parse(self.date).sort_key() if self.date else (0, 0, 0), self.title, self.docname)


@dataclass
class Person:
    slug: str
    name: str
    aliases: list[str]


@dataclass
class Archive:
    notes: list[Note]
    people: dict[str, Person]
    cells: dict[str, str]  # slug → title
    themes: dict[str, str]

    def __post_init__(self) -> None:
        self.by_slug = {note.slug: note for note in self.notes}

    def title(self, ref: Ref) -> str:
        """What the handbook shows for a reference written without text."""
        if ref.kind == "meeting":
            return self.by_slug[ref.target].title
        return {"cell": self.cells, "theme": self.themes}[ref.kind][ref.target]

    def speaking(self) -> dict[str, Person]:
        """Everyone who speaks at a meeting or leads a cell."""
        slugs = {speaker.person for note in self.notes for speaker in note.speakers}
        return {slug: person for slug, person in self.people.items() if slug in slugs}


def people(seed: int) -> dict[str, Person]:
    rng = random.Random(f"{seed}:people")
    names = sorted({f"{first} {surname}" for first in FIRST for surname in SURNAMES})
    chosen = rng.sample(names, PEOPLE)
    found = {}
    for position, name in enumerate(chosen):
        aliases = [name.split()[0]] if position % 4 == 0 else []
        found[slugify(name)] = Person(slugify(name), name, aliases)
    return found


def sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS if position % 3 else VERBS) for position in range(words)]
    return f"{rng.choice(OPENERS)} {' '.join(chosen)}."


def prose(rng: random.Random, words: int) -> str:
    text = []
    while sum(len(part.split()) for part in text) < words:
        text.append(sentence(rng, rng.randint(8, 18)))
    if rng.random() < 0.3:
        text.append("As one person put it, “it’s about trust & time, not ‘delivery’”.")
    return " ".join(text)


def partial_date(rng: random.Random) -> str:
    year, month, day, kind = rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28), rng.random()
    if kind < 0.7:
        return f"{year}-{month:02d}-{day:02d}"
    if kind < 0.82:
        return f"{year}-{month:02d}"
    return str(year) if kind < 0.88 else ""


def speaker_of(rng: random.Random, person: Person) -> Speaker:
    name = rng.choice(person.aliases) if person.aliases and rng.random() < 0.2 else person.name
    body = [prose(rng, rng.randint(20, 45))] if rng.random() < 0.7 else []
    return Speaker(person.slug, name, rng.choice(ROLES), rng.choice(ORGS), body)


def note(seed: int, number: int, everyone: list[Person], weights: list[float]) -> Note:
    """The note numbered `number`; it refers only to notes numbered lower."""
    rng = random.Random(f"{seed}:note:{number}")
    cell = slugify(rng.choice(CELLS))
    topic = rng.choice(TOPICS)
    themes = rng.sample(THEMES, rng.choice([1, 1, 2, 2, 3]))
    title = f"{dict(zip(map(slugify, CELLS), CELLS, strict=True))[cell]}: {topic} ({number + 1})"
    found = Note(
        number,
        cell,
        f"{slugify(topic)}-{number + 1}",
        partial_date(rng),
        themes,
        f"How can we {rng.choice(VERBS)} {rng.choice(WORDS)} together?" if rng.random() < 0.6 else "",
        rng.choice(FORMATS) if rng.random() < 0.8 else "",
        title,
    )
    speakers = []
    for person in rng.choices(everyone, weights, k=rng.randint(2, 4)):
        if person.slug not in {speaker.person for speaker in speakers}:
            speakers.append(speaker_of(rng, person))
    found.blocks.append(
        [
            prose(rng, 50),
            " This note belongs to the ",
            Ref("theme", themes[0]),
            " theme and the ",
            Ref("cell", cell),
            " cell.",
        ]
    )
    found.blocks.extend(speakers)
    first = speakers[0]
    found.blocks.append([prose(rng, 80), " ", Ref("person", first.person, first.name.split()[0]), " opened."])
    for block in range(2):
        points = []
        for position in range(rng.randint(3, 5)):
            label = f"{found.slug}-point" if block == 0 and position == 1 and number % 7 == 0 else ""
            points.append((label, [prose(rng, 28)]))
        found.blocks.append(
            Keypoints(
                f"Key points made by speakers and participants include ({block + 1}):", rng.choice(ATTRIBUTIONS), points
            )
        )
    closing: list[Inline] = [prose(rng, 50)]
    if number:
        earlier = rng.randrange(number)
        closing += [
            " See also ",
            Ref("meeting", earlier_slug(seed, earlier)),
            ", and ",
            Ref("keypoint", f"{earlier_slug(seed, earlier)}-kp-1", "its first point"),
            ".",
        ]
        labelled = rng.randrange(0, number, 7) if number > 7 else 0
        if labelled:
            closing += [" Compare ", Ref("keypoint", f"{earlier_slug(seed, labelled)}-point"), "."]
    found.blocks.append(closing)
    return found


def earlier_slug(seed: int, number: int) -> str:
    """The slug of an earlier note, drawn again from its own stream (cheap: only the topic)."""
    rng = random.Random(f"{seed}:note:{number}")
    rng.choice(CELLS)
    return f"{slugify(rng.choice(TOPICS))}-{number + 1}"


@functools.cache
def speaker_pool(seed: int) -> tuple[list[Person], list[float]]:
    everyone = list(people(seed).values())
    # Repeat speakers: a few people speak at many meetings, most at a few.
    return everyone, [1 / (rank + 1) ** 0.8 for rank in range(len(everyone))]


def drawn_note(seed: int, number: int) -> Note:
    """Note `number` of the archive drawn with `seed` (the note after the last is "one more")."""
    return note(seed, number, *speaker_pool(seed))


def archive(notes: int, seed: int = 1) -> Archive:
    return Archive(
        [drawn_note(seed, number) for number in range(notes)],
        people(seed),
        {slugify(name): name for name in CELLS},
        {theme: theme.replace("-", " ").capitalize() for theme in THEMES},
    )
