"""A focus area's 5 Whys, fishbone and driver diagram, assembled from node snapshots.

The same assembly serves today's theory (snapshots of the rows, ``selectors.live_state``) and a past
one (snapshots replayed from the history, ``history.state_as_of``), so a past view can never drift
from the present one. Parts whose parent is gone (a vote on a deleted cause, a link to a deleted
driver) are left out here, as the database's cascade left them out of the tables. No queries here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from theory import layout, svg
from theory.models import ChangeIdea, Driver

Status = ChangeIdea.TestingStatus
State = dict[str, dict[int, dict]]


def _ordered(nodes: dict[int, dict]) -> list[tuple[int, dict]]:
    return sorted(nodes.items(), key=lambda item: (item[1].get("position", 0), item[0]))


def cycles_phrase(count: int) -> str:
    return "no cycles yet" if count == 0 else f"{count} cycle{'s' if count != 1 else ''}"


# --- Driver diagram ----------------------------------------------------------------------------------


class Linked(NamedTuple):
    """The other end of a link, and the link's id (to unlink it)."""

    link_id: int
    id: int
    text: str


@dataclass
class RootCause:
    link_id: int
    kind: str  # why_step or cause
    node_id: int
    text: str

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.node_id}"


class RootCauseChoice(NamedTuple):
    value: str  # "why_step:12" or "cause:7"
    text: str
    source: str  # "5 Whys" or "Fishbone"


@dataclass
class DriverItem:
    id: int
    kind: str
    text: str
    position: int
    primaries: list[Linked] = field(default_factory=list)
    secondaries: list[Linked] = field(default_factory=list)
    ideas: list[Linked] = field(default_factory=list)
    root_causes: list[RootCause] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{'p' if self.kind == Driver.Kind.PRIMARY else 's'}{self.id}"

    @property
    def linked_ids(self) -> set[int]:
        return {link.id for link in (*self.primaries, *self.secondaries)}

    @property
    def root_values(self) -> set[str]:
        return {root.value for root in self.root_causes}


@dataclass
class IdeaItem:
    id: int
    title: str
    description: str
    status: str
    cycles: int
    archived: bool
    drivers: list[Linked] = field(default_factory=list)  # the secondary drivers it serves

    @property
    def linked_ids(self) -> set[int]:
        return {link.id for link in self.drivers}

    @property
    def key(self) -> str:
        return f"i{self.id}"

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def note(self) -> str:
        return f"{self.status_label} · {cycles_phrase(self.cycles)}"


@dataclass
class DriverDiagram:
    aim: str
    primaries: list[DriverItem]
    secondaries: list[DriverItem]
    ideas: list[IdeaItem]  # on the diagram (not archived)
    archived_ideas: list[IdeaItem]
    root_cause_choices: list[RootCauseChoice]

    @property
    def drivers(self) -> dict[int, DriverItem]:
        return {d.id: d for d in (*self.primaries, *self.secondaries)}

    def labels(self) -> list[str]:
        """Every text the drawing must show."""
        return [
            self.aim,
            *(d.text for d in (*self.primaries, *self.secondaries)),
            *(i.title for i in self.ideas),
        ]

    def layout(self) -> layout.DriverLayout:
        nodes = [layout.DiagramNode("aim", 0, self.aim)]
        links = []
        for primary in self.primaries:
            nodes.append(layout.DiagramNode(primary.key, 1, primary.text, note=_root_note(primary)))
            links.append(("aim", primary.key))
        drivers = self.drivers
        for secondary in self.secondaries:
            nodes.append(
                layout.DiagramNode(
                    secondary.key,
                    2,
                    secondary.text,
                    note=_root_note(secondary),
                    muted=not secondary.primaries,
                )
            )
            links.extend((drivers[link.id].key, secondary.key) for link in secondary.primaries)
        for idea in self.ideas:
            nodes.append(
                layout.DiagramNode(
                    idea.key,
                    3,
                    idea.title,
                    note=cycles_phrase(idea.cycles),
                    tone=idea.status,
                    muted=not idea.drivers,
                    badge=idea.status_label,
                )
            )
            links.extend((drivers[link.id].key, idea.key) for link in idea.drivers)
        return layout.layout_driver_diagram(nodes, links)

    def svg(self, *, title: str) -> str:
        return svg.driver_diagram_svg(self.layout(), title=title)


def _root_note(driver: DriverItem) -> str:
    count = len(driver.root_causes)
    return f"Addresses {count} root cause{'s' if count != 1 else ''}" if count else ""


def build_driver_diagram(aim: str, state: State, cycle_counts: dict[int, int]) -> DriverDiagram:
    drivers = {
        pk: DriverItem(pk, snap["kind"], snap["text"], snap.get("position", 0))
        for pk, snap in _ordered(state.get("driver", {}))
    }
    ideas = {
        pk: IdeaItem(
            pk,
            snap["title"],
            snap.get("description", ""),
            snap["status"],
            cycle_counts.get(pk, 0),
            snap.get("archived", False),
        )
        for pk, snap in sorted(
            state.get("change_idea", {}).items(), key=lambda i: (i[1]["title"].lower(), i[0])
        )
    }
    for pk, snap in sorted(state.get("driver_link", {}).items()):
        primary, secondary = drivers.get(snap["primary"]), drivers.get(snap["secondary"])
        if primary and secondary:
            primary.secondaries.append(Linked(pk, secondary.id, secondary.text))
            secondary.primaries.append(Linked(pk, primary.id, primary.text))
    for pk, snap in sorted(state.get("idea_link", {}).items()):
        driver, idea = drivers.get(snap["driver"]), ideas.get(snap["change_idea"])
        if driver and idea:
            driver.ideas.append(Linked(pk, idea.id, idea.title))
            idea.drivers.append(Linked(pk, driver.id, driver.text))
    steps, causes = state.get("why_step", {}), state.get("cause", {})
    for pk, snap in sorted(state.get("root_cause_link", {}).items()):
        driver = drivers.get(snap["driver"])
        if snap.get("why_step") in steps:
            root = RootCause(pk, "why_step", snap["why_step"], steps[snap["why_step"]]["because"])
        elif snap.get("cause") in causes:
            root = RootCause(pk, "cause", snap["cause"], causes[snap["cause"]]["text"])
        else:
            continue
        if driver:
            driver.root_causes.append(root)
    choices = [
        RootCauseChoice(f"why_step:{pk}", s["because"], "5 Whys")
        for pk, s in sorted(steps.items())
        if s.get("is_root_cause")
    ]
    choices += [RootCauseChoice(f"cause:{pk}", c["text"], "Fishbone") for pk, c in _ordered(causes)]
    all_ideas = list(ideas.values())
    return DriverDiagram(
        aim=aim,
        primaries=[d for d in drivers.values() if d.kind == Driver.Kind.PRIMARY],
        secondaries=[d for d in drivers.values() if d.kind == Driver.Kind.SECONDARY],
        ideas=[i for i in all_ideas if not i.archived],
        archived_ideas=[i for i in all_ideas if i.archived],
        root_cause_choices=choices,
    )


# --- Fishbone ----------------------------------------------------------------------------------------


@dataclass
class CauseItem:
    id: int
    text: str
    position: int
    category_id: int
    parent_id: int | None
    votes: int = 0
    voted: bool = False  # by the person looking
    may_edit: bool = False  # set by the selector, from the permission module
    sub_causes: list[CauseItem] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"c{self.id}"

    @property
    def vote_key(self) -> str:
        return f"vote-{self.id}"

    @property
    def sub_key(self) -> str:
        return f"add-sub-{self.id}"


@dataclass
class CategoryItem:
    id: int
    name: str
    position: int
    causes: list[CauseItem] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"k{self.id}"

    @property
    def add_key(self) -> str:
        return f"add-cause-{self.id}"


@dataclass
class FishboneDiagram:
    id: int
    effect: str
    categories: list[CategoryItem]

    @property
    def causes(self) -> list[CauseItem]:
        return [c for cat in self.categories for top in cat.causes for c in (top, *top.sub_causes)]

    @property
    def most_voted(self) -> list[CauseItem]:
        voted = [c for c in self.causes if c.votes]
        return sorted(voted, key=lambda c: (-c.votes, c.text.lower()))[:5]

    def labels(self) -> list[str]:
        return [self.effect, *(c.name for c in self.categories), *(c.text for c in self.causes)]

    def layout(self) -> layout.FishboneLayout:
        def fish(cause: CauseItem) -> layout.FishCause:
            return layout.FishCause(
                cause.key, cause.text, cause.votes, tuple(fish(s) for s in cause.sub_causes)
            )

        categories = [
            layout.FishCategory(cat.key, cat.name, tuple(fish(c) for c in cat.causes))
            for cat in self.categories
        ]
        return layout.layout_fishbone(self.effect, categories)

    def svg(self, *, title: str) -> str:
        return svg.fishbone_svg(self.layout(), title=title)


def build_fishbone(state: State, *, viewer_id: int | None = None) -> FishboneDiagram | None:
    fishbones = state.get("fishbone", {})
    if not fishbones:
        return None
    fishbone_id, snap = next(iter(sorted(fishbones.items())))
    categories = {
        pk: CategoryItem(pk, s["name"], s.get("position", 0)) for pk, s in _ordered(state.get("category", {}))
    }
    causes = {
        pk: CauseItem(pk, s["text"], s.get("position", 0), s["category"], s.get("parent"))
        for pk, s in _ordered(state.get("cause", {}))
    }
    for vote in state.get("cause_vote", {}).values():
        cause = causes.get(vote["cause"])
        if cause is not None:
            cause.votes += 1
            cause.voted = cause.voted or vote["voter"] == viewer_id
    for cause in causes.values():
        if cause.parent_id is None:
            if cause.category_id in categories:
                categories[cause.category_id].causes.append(cause)
        elif cause.parent_id in causes:
            causes[cause.parent_id].sub_causes.append(cause)
    return FishboneDiagram(fishbone_id, snap["effect"], list(categories.values()))


# --- 5 Whys ------------------------------------------------------------------------------------------


@dataclass
class StepItem:
    id: int
    why: str
    because: str
    position: int
    is_root_cause: bool

    @property
    def key(self) -> str:
        return f"st{self.id}"


@dataclass
class ChainItem:
    id: int
    position: int
    steps: list[StepItem] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"ch{self.id}"

    @property
    def add_key(self) -> str:
        return f"add-step-{self.id}"

    @property
    def root_cause(self) -> StepItem | None:
        return self.steps[-1] if self.steps and self.steps[-1].is_root_cause else None


@dataclass
class AnalysisItem:
    id: int
    problem: str
    participant_ids: list[int]
    chains: list[ChainItem] = field(default_factory=list)
    participants: list = field(default_factory=list)  # people, filled in by the selector
    may_edit: bool = False
    may_delete: bool = False

    @property
    def key(self) -> str:
        return f"a{self.id}"

    @property
    def add_key(self) -> str:
        return f"add-chain-{self.id}"


def build_why_analyses(state: State) -> list[AnalysisItem]:
    analyses = {
        pk: AnalysisItem(pk, s["problem"], list(s.get("participants", [])))
        for pk, s in sorted(state.get("why_analysis", {}).items())
    }
    chains = {}
    for pk, s in _ordered(state.get("why_chain", {})):
        if s["analysis"] in analyses:
            chains[pk] = ChainItem(pk, s.get("position", 0))
            analyses[s["analysis"]].chains.append(chains[pk])
    for pk, s in _ordered(state.get("why_step", {})):
        if s["chain"] in chains:
            chains[s["chain"]].steps.append(
                StepItem(pk, s["why"], s["because"], s.get("position", 0), s["is_root_cause"])
            )
    return list(analyses.values())
