"""Where each box, bone and label of a driver diagram or fishbone goes. Pure Python, no Django.

Text is measured with an average glyph width for the sans-serif the SVG asks for; labels are wrapped
to a fixed number of characters, so the same text always gets the same shape, on the page and in the
exported file alike. Every label is kept whole (wrapped, never cut), so the diagram says everything
the team wrote.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

# Drawn at their natural size (the page scrolls a wide diagram inside its card, never shrinks it), so
# these are the sizes on screen: 12 px is the smallest text people can be asked to read.
FONT = 13
LINE = 17
SMALL_FONT = 12
SMALL_LINE = 15
PILL_HEIGHT = 18
PILL_PAD = 7
GLYPH = 0.56  # average advance of a sans-serif glyph, in ems
MARGIN = 24


def wrap(text: str, chars: int) -> list[str]:
    """Lines of at most ``chars`` characters, breaking between words where possible."""
    lines = textwrap.wrap(" ".join(text.split()), width=chars, break_long_words=True, break_on_hyphens=False)
    return lines or [""]


def text_width(line: str, font: float = FONT) -> float:
    return len(line) * font * GLYPH


# --- Driver diagram ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiagramNode:
    """A node to place: ``column`` 0 is the aim, then primary drivers, secondary drivers, change ideas."""

    key: str
    column: int
    text: str
    note: str = ""  # a small second line, e.g. "Testing · 3 cycles"
    tone: str = ""  # e.g. the testing status, for colour
    muted: bool = False  # e.g. an idea no driver holds yet
    badge: str = ""  # a status drawn as a pill before the note, e.g. "Testing"


@dataclass
class Box:
    key: str
    x: float
    y: float
    width: float
    height: float
    lines: list[str]
    note_lines: list[str] = field(default_factory=list)
    column: int = 0
    tone: str = ""
    muted: bool = False
    text: str = ""
    badge: str = ""
    badge_width: float = 0
    note_beside_badge: bool = False  # the note fits on the pill's line, after it

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


@dataclass
class Connector:
    source: str
    target: str
    path: str


@dataclass
class DriverLayout:
    width: float
    height: float
    boxes: list[Box]
    connectors: list[Connector]
    headings: list[tuple[float, str]]  # (centre x, column title)


COLUMN_TITLES = ("Aim", "Primary drivers", "Secondary drivers", "Change ideas")
BOX_WIDTH = 214
COLUMN_GAP = 56
BOX_GAP = 14
PAD = 10
HEADING_ROOM = 34


BOLD = 1.12  # bold glyphs run wider; the aim is drawn bold


def pill_width(text: str) -> float:
    return text_width(text, SMALL_FONT) * BOLD + 2 * PILL_PAD


def _box_for(node: DiagramNode) -> Box:
    inner = BOX_WIDTH - 2 * PAD
    chars = int(inner / (FONT * GLYPH * (BOLD if node.column == 0 else 1)))
    lines = wrap(node.text, chars)
    notes = wrap(node.note, int(inner / (SMALL_FONT * GLYPH))) if node.note else []
    badge_width = pill_width(node.badge) if node.badge else 0
    beside = (
        bool(node.badge) and len(notes) == 1 and badge_width + 6 + text_width(notes[0], SMALL_FONT) <= inner
    )
    note_rows = 0 if beside else len(notes)
    height = 2 * PAD + len(lines) * LINE + note_rows * SMALL_LINE + (4 if notes or node.badge else 0)
    if node.badge:
        height += PILL_HEIGHT + 2
    return Box(
        key=node.key,
        x=0,
        y=0,
        width=BOX_WIDTH,
        height=height,
        lines=lines,
        note_lines=notes,
        column=node.column,
        tone=node.tone,
        muted=node.muted,
        text=node.text,
        badge=node.badge,
        badge_width=badge_width,
        note_beside_badge=beside,
    )


def _order(
    nodes: list[DiagramNode], parents: dict[str, list[str]], rank: dict[str, int]
) -> list[DiagramNode]:
    """Each node under the first of its parents (fewer crossings); nodes without parents last."""
    big = len(rank) + len(nodes) + 1

    def key(item):
        index, node = item
        linked = [rank[p] for p in parents.get(node.key, ()) if p in rank]
        return (min(linked) if linked else big, index)

    return [node for _, node in sorted(enumerate(nodes), key=key)]


def layout_driver_diagram(nodes: list[DiagramNode], links: list[tuple[str, str]]) -> DriverLayout:
    """``links`` are (left key, right key): aim→primary, primary→secondary, secondary→idea.

    Within a column nodes keep the order given, except that each sits near the first node it serves.
    """
    parents: dict[str, list[str]] = {}
    for left, right in links:
        parents.setdefault(right, []).append(left)
    columns: list[list[DiagramNode]] = [[] for _ in COLUMN_TITLES]
    for node in nodes:
        columns[node.column].append(node)
    rank: dict[str, int] = {}
    for index, column in enumerate(columns):
        if index:
            columns[index] = _order(column, parents, rank)
        rank.update({node.key: i for i, node in enumerate(columns[index])})

    boxed = [[_box_for(node) for node in column] for column in columns]
    heights = [sum(b.height for b in col) + BOX_GAP * max(len(col) - 1, 0) for col in boxed]
    tallest = max(heights, default=0)
    boxes: list[Box] = []
    for index, column in enumerate(boxed):
        x = MARGIN + index * (BOX_WIDTH + COLUMN_GAP)
        y = MARGIN + HEADING_ROOM + (tallest - heights[index]) / 2
        for box in column:
            box.x, box.y = x, y
            y += box.height + BOX_GAP
            boxes.append(box)

    by_key = {box.key: box for box in boxes}
    connectors = []
    for left, right in links:
        a, b = by_key.get(left), by_key.get(right)
        if a is None or b is None:
            continue
        x1, y1, x2, y2 = a.right, a.middle, b.x, b.middle
        bend = (x2 - x1) / 2
        path = f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        connectors.append(Connector(left, right, path))
    headings = [
        (MARGIN + i * (BOX_WIDTH + COLUMN_GAP) + BOX_WIDTH / 2, title)
        for i, title in enumerate(COLUMN_TITLES)
    ]
    width = 2 * MARGIN + len(COLUMN_TITLES) * BOX_WIDTH + (len(COLUMN_TITLES) - 1) * COLUMN_GAP
    height = 2 * MARGIN + HEADING_ROOM + tallest
    return DriverLayout(width=width, height=height, boxes=boxes, connectors=connectors, headings=headings)


# --- Fishbone ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FishCause:
    key: str
    text: str
    votes: int = 0
    sub_causes: tuple[FishCause, ...] = ()


@dataclass(frozen=True)
class FishCategory:
    key: str
    name: str
    causes: tuple[FishCause, ...] = ()


@dataclass
class Label:
    """Lines of text anchored at their right end (``anchor="end"``) or centre."""

    key: str
    x: float
    y: float  # baseline of the first line
    lines: list[str]
    text: str
    kind: str  # effect, category, cause, sub_cause
    anchor: str = "end"
    line_height: float = LINE
    strong: bool = False
    votes: int = 0


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str  # spine, bone, tick


@dataclass
class Badge:
    key: str
    x: float
    y: float
    votes: int
    strong: bool


@dataclass
class Frame:
    key: str
    x: float
    y: float
    width: float
    height: float
    kind: str


@dataclass
class FishboneLayout:
    width: float
    height: float
    lines: list[Line]
    labels: list[Label]
    frames: list[Frame]
    badges: list[Badge]


CAUSE_CHARS = 30
SUB_CHARS = 32
CATEGORY_CHARS = 22
EFFECT_CHARS = 24
TICK = 40  # the horizontal line a cause sits on; its vote badge rides on it
SLANT = 0.4  # horizontal run of a bone per unit of its rise
CAUSE_GAP = 10
NEAR_SPINE = 26
CATEGORY_PAD = 8
STRONGEST = 3  # how many of the most-voted causes stand out


def _cause_height(cause: FishCause) -> float:
    subs = sum(len(wrap(s.text, SUB_CHARS)) for s in cause.sub_causes) * SMALL_LINE
    return len(wrap(cause.text, CAUSE_CHARS)) * LINE + 4 + subs + CAUSE_GAP


def _category_size(category: FishCategory) -> tuple[float, float, list[str]]:
    lines = wrap(category.name, CATEGORY_CHARS)
    width = max(text_width(line) for line in lines) * 1.08 + 2 * CATEGORY_PAD  # drawn semi-bold
    return width, len(lines) * LINE + 2 * CATEGORY_PAD - 4, lines


def layout_fishbone(effect: str, categories: list[FishCategory]) -> FishboneLayout:
    """Categories alternate above and below the spine, first nearest the head; causes run along each
    bone from its label towards the spine, each on its own tick, sub-causes beneath it."""
    top, bottom = categories[0::2], categories[1::2]
    slots = max(len(top), len(bottom), 1)
    # The few causes most people voted for stand out (ties with the last of them too).
    votes = sorted((c.votes for cat in categories for c in cat.causes if c.votes > 0), reverse=True)
    strong_floor = votes[min(STRONGEST, len(votes)) - 1] if votes else None

    def block(side):
        label_room = max((_category_size(c)[1] for c in side), default=0) + 12
        causes = max((sum(_cause_height(x) for x in c.causes) for c in side), default=0)
        return label_room, NEAR_SPINE + max(causes, 40)

    top_label, top_bone = block(top)
    bottom_label, bottom_bone = block(bottom)
    text_room = text_width("m" * CAUSE_CHARS) + TICK + 22
    slot_width = text_room + 24
    effect_lines = wrap(effect, EFFECT_CHARS)
    effect_width = max(text_width(line) for line in effect_lines) * BOLD + 2 * PAD
    effect_height = len(effect_lines) * LINE + 2 * PAD
    bone_run = max(top_bone, bottom_bone) * SLANT

    spine_y = MARGIN + top_label + top_bone
    tail_x = MARGIN + text_room + bone_run
    # Slot 0 sits nearest the head; the last slot's bone leaves the spine at tail_x.
    first_bone_x = tail_x + (slots - 1) * slot_width + 30
    head_x = first_bone_x + 30
    width = head_x + effect_width + MARGIN
    height = spine_y + bottom_bone + bottom_label + MARGIN
    height = max(height, spine_y + effect_height / 2 + MARGIN)

    lines = [Line(tail_x - 10, spine_y, head_x, spine_y, "spine")]
    labels: list[Label] = []
    badges: list[Badge] = []
    frames = [Frame("effect", head_x, spine_y - effect_height / 2, effect_width, effect_height, "effect")]
    labels.append(
        Label(
            "effect",
            head_x + effect_width / 2,
            spine_y - effect_height / 2 + PAD + FONT,
            effect_lines,
            effect,
            "effect",
            anchor="middle",
        )
    )

    def place(category: FishCategory, slot: int, above: bool):
        sign = -1 if above else 1
        bone = top_bone if above else bottom_bone
        base_x = first_bone_x - slot * slot_width
        end_x, end_y = base_x - bone * SLANT, spine_y + sign * bone
        lines.append(Line(base_x, spine_y, end_x, end_y, "bone"))
        width_, height_, name_lines = _category_size(category)
        frame_y = end_y - height_ if above else end_y
        frames.append(Frame(category.key, end_x - width_ / 2, frame_y, width_, height_, "category"))
        labels.append(
            Label(
                category.key,
                end_x,
                frame_y + CATEGORY_PAD + FONT - 2,
                name_lines,
                category.name,
                "category",
                "middle",
            )
        )

        def bone_x(y):
            return base_x - abs(y - spine_y) * SLANT

        # Above the spine causes start at the label end and come down; below, they start at the spine.
        y = end_y + 8 if above else spine_y + NEAR_SPINE
        for cause in category.causes:
            cause_lines = wrap(cause.text, CAUSE_CHARS)
            tick_y = y + len(cause_lines) * LINE + 2
            x = bone_x(tick_y)
            strong = strong_floor is not None and cause.votes >= strong_floor
            lines.append(Line(x - TICK, tick_y, x, tick_y, "tick"))
            labels.append(
                Label(
                    cause.key,
                    x - TICK - 4,
                    y + LINE - 4,
                    cause_lines,
                    cause.text,
                    "cause",
                    strong=strong,
                    votes=cause.votes,
                )
            )
            if cause.votes:
                badges.append(Badge(cause.key, x - TICK / 2, tick_y, cause.votes, strong))
            sub_y = tick_y + SMALL_LINE - 1
            for sub in cause.sub_causes:
                sub_lines = wrap(sub.text, SUB_CHARS)
                labels.append(
                    Label(
                        sub.key,
                        x - TICK - 14,
                        sub_y,
                        sub_lines,
                        sub.text,
                        "sub_cause",
                        line_height=SMALL_LINE,
                        votes=sub.votes,
                    )
                )
                sub_y += len(sub_lines) * SMALL_LINE
            y += _cause_height(cause)

    for slot, category in enumerate(top):
        place(category, slot, above=True)
    for slot, category in enumerate(bottom):
        place(category, slot, above=False)
    return FishboneLayout(
        width=width, height=height, lines=lines, labels=labels, frames=frames, badges=badges
    )
