"""How a change idea travelled through the network: the team tree with every team that tested it,
its cycles' decisions and predictions met, and the "adapted from" links between cycles.

The idea's *family* is every cycle the viewer may see that tests the idea, and every cycle adapted
from one of those (transitively, whatever idea the adaptation names), so an idea that another team
reshaped into its own still shows where it came from. Reads only through ``visible_cycles``: a cycle
the viewer may not see is never drawn, counted or linked. A fixed number of queries, however many
teams and cycles there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.db.models import Q
from django.urls import reverse

from cycles.models import Cycle
from cycles.permissions import visible_cycles
from cycles.spread import with_prediction_counts
from playbook.models import Team
from playbook.permissions import visible_teams
from theory.models import ChangeIdea

OPEN = "open"  # a cycle not yet decided


@dataclass
class MapCycle:
    id: int
    title: str
    team_id: int
    team_name: str
    stage: str
    stage_label: str
    decision: str  # adopt / adopt_at_scale / adapt / abandon, or "open"
    decision_label: str
    n_predictions: int
    n_met: int
    adapted_from_id: int | None
    change_idea_id: int | None
    change_idea_title: str
    url: str
    source: MapCycle | None = None  # the visible cycle this one was adapted from

    @property
    def met_phrase(self) -> str:
        if not self.n_predictions:
            return "no predictions"
        return f"{self.n_met} of {self.n_predictions} met"


@dataclass
class MapTeam:
    id: int
    name: str
    kind: str
    parent_id: int | None
    depth: int = 0
    cycles: list[MapCycle] = field(default_factory=list)

    @property
    def tested(self) -> bool:
        return bool(self.cycles)


@dataclass(frozen=True)
class MapEdge:
    from_cycle: MapCycle
    to_cycle: MapCycle

    @property
    def across_teams(self) -> bool:
        return self.from_cycle.team_id != self.to_cycle.team_id


@dataclass
class SpreadMap:
    change_idea: ChangeIdea
    teams: list[MapTeam]  # the tree, depth first
    cycles: list[MapCycle]
    edges: list[MapEdge]
    adapted_ideas: list[tuple[int, str]]  # other change ideas that adaptations of this one test

    @property
    def tested_teams(self) -> list[MapTeam]:
        return [t for t in self.teams if t.tested]

    def summary(self) -> str:
        """The picture in one sentence: the SVG's text alternative."""
        tested = self.tested_teams
        if not tested:
            return f"No team you can see has tested “{self.change_idea.title}” yet."
        parts = [
            f"{t.name}: " + ", ".join(f"{c.decision_label.lower()} ({c.met_phrase})" for c in t.cycles)
            for t in tested
        ]
        moves = [e for e in self.edges if e.across_teams]
        travelled = "; ".join(f"{e.from_cycle.team_name} to {e.to_cycle.team_name}" for e in moves)
        return (
            f"“{self.change_idea.title}” was tested in {len(tested)} team{'s' if len(tested) != 1 else ''}. "
            + ". ".join(parts)
            + "."
            + (f" Adapted from one team to another: {travelled}." if travelled else "")
        )

    def svg(self) -> str:
        return spread_map_svg(self)

    def as_data(self) -> dict:
        return {
            "change_idea": {"id": self.change_idea.pk, "title": self.change_idea.title},
            "nodes": [
                {
                    "id": t.id,
                    "name": t.name,
                    "kind": t.kind,
                    "parent": t.parent_id,
                    "tested": t.tested,
                    "cycles": [
                        {
                            "id": c.id,
                            "title": c.title,
                            "stage": c.stage,
                            "decision": c.decision,
                            "predictions": c.n_predictions,
                            "predictions_met": c.n_met,
                            "change_idea": c.change_idea_id,
                            "url": c.url,
                        }
                        for c in t.cycles
                    ],
                }
                for t in self.teams
            ],
            "edges": [
                {
                    "from_cycle": e.from_cycle.id,
                    "to_cycle": e.to_cycle.id,
                    "from_team": e.from_cycle.team_id,
                    "to_team": e.to_cycle.team_id,
                    "kind": "adapted_from",
                }
                for e in self.edges
            ],
        }


def _family(visible, change_idea_id: int) -> set[int]:
    # One query for every adaptation link the viewer may see, then the closure in Python: the depth
    # of a chain of adaptations never costs another query.
    adapted = defaultdict(list)
    for pk, source in visible.exclude(adapted_from=None).values_list("pk", "adapted_from_id"):
        adapted[source].append(pk)
    found = set(visible.filter(change_idea_id=change_idea_id).values_list("pk", flat=True))
    todo = list(found)
    while todo:
        for child in adapted.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _map_cycle(cycle: Cycle) -> MapCycle:
    decided = bool(cycle.decision)
    return MapCycle(
        id=cycle.pk,
        title=cycle.title,
        team_id=cycle.team_id,
        team_name=cycle.team.name,
        stage=cycle.stage,
        stage_label=cycle.get_stage_display(),
        decision=cycle.decision if decided else OPEN,
        decision_label=cycle.get_decision_display() if decided else "Open",
        n_predictions=cycle.n_predictions,
        n_met=cycle.n_met,
        adapted_from_id=cycle.adapted_from_id,
        change_idea_id=cycle.change_idea_id,
        change_idea_title=cycle.change_idea.title if cycle.change_idea_id else "",
        url=reverse("cycle-detail", args=[cycle.pk]),
    )


def _tree(teams: list[Team]) -> list[MapTeam]:
    nodes = {t.pk: MapTeam(t.pk, t.name, t.kind, t.parent_id) for t in teams}
    children = defaultdict(list)
    for node in nodes.values():
        # A team whose parent the viewer cannot see starts a tree of its own.
        children[node.parent_id if node.parent_id in nodes else None].append(node)
    ordered: list[MapTeam] = []

    def walk(parent_id, depth):
        for node in sorted(children.get(parent_id, ()), key=lambda n: (n.name.lower(), n.id)):
            node.depth = depth
            ordered.append(node)
            walk(node.id, depth + 1)

    walk(None, 0)
    return ordered


def spread_map(user, change_idea: ChangeIdea) -> SpreadMap:
    visible = visible_cycles(user)
    family = _family(visible, change_idea.pk)
    rows = (
        with_prediction_counts(Cycle.objects.filter(pk__in=family))
        .select_related("team", "change_idea")
        .order_by("created_at", "pk")
    )
    cycles = [_map_cycle(c) for c in rows]
    team_ids = {c.team_id for c in cycles}
    teams = _tree(
        list(
            Team.objects.filter(Q(pk__in=visible_teams(user).values("pk")) | Q(pk__in=team_ids)).only(
                "pk", "name", "kind", "parent_id"
            )
        )
    )
    by_team = {t.id: t for t in teams}
    for cycle in cycles:
        by_team[cycle.team_id].cycles.append(cycle)
    by_id = {c.id: c for c in cycles}
    edges = [MapEdge(by_id[c.adapted_from_id], c) for c in cycles if c.adapted_from_id in by_id]
    for edge in edges:
        edge.to_cycle.source = edge.from_cycle
    adapted_ideas = sorted(
        {
            (c.change_idea_id, c.change_idea_title)
            for c in cycles
            if c.change_idea_id not in (None, change_idea.pk)
        },
        key=lambda pair: pair[1].lower(),
    )
    return SpreadMap(change_idea, teams, cycles, edges, adapted_ideas)


# --- The picture -------------------------------------------------------------------------------------
# An indented outline of the tree (it reads top to bottom on a phone as on a wall), one line per
# cycle under each team that tested the idea, and the adaptation arrows in a lane on the right.

WIDTH, INDENT, LEFT, BOX_W = 640, 24, 12, 420
HEAD, LINE, GAP = 28, 18, 8
LANE_X, LANE_STEP = BOX_W + 48, 22
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
INK, MUTED, RULE, ACCENT = "#1d2433", "#5d6677", "#8a94a6", "#1f5fbf"
DECISION_COLOURS = {  # fill, ink: the driver diagram's status colours
    Cycle.Decision.ADOPT: ("#e3f4ea", "#1d7a46"),
    Cycle.Decision.ADOPT_AT_SCALE: ("#e3f4ea", "#1d7a46"),
    Cycle.Decision.ADAPT: ("#fff1d6", "#7a4a00"),
    Cycle.Decision.ABANDON: ("#fdecea", "#b42318"),
    OPEN: ("#e3f0ff", "#174ea6"),
}
MAX_LINES = 6
SHORT = {Cycle.Decision.ADOPT_AT_SCALE: "Adopt, scale"}  # the full label does not fit the pill


def _a(value) -> str:
    return quoteattr(str(value))


def _team_height(team: MapTeam) -> int:
    shown = min(len(team.cycles), MAX_LINES) + (1 if len(team.cycles) > MAX_LINES else 0)
    return HEAD + LINE * shown + (4 if shown else 0)


def spread_map_svg(spread: SpreadMap) -> str:
    y, places, body = 12, {}, []
    for team in spread.teams:
        height = _team_height(team)
        places[team.id] = (y, height)
        y += height + GAP
    total = y + 4
    title = f"Spread map: {spread.change_idea.title}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total}" '
        f'width="{WIDTH}" height="{total}" '
        f'role="img" aria-labelledby="spread-map-title spread-map-desc" data-testid="spread-map-svg" '
        f'font-family={_a(FONT_FAMILY)} font-size="13">',
        f'<title id="spread-map-title">{escape(title)}</title>',
        f'<desc id="spread-map-desc">{escape(spread.summary())}</desc>',
        '<defs><marker id="spread-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{ACCENT}"/></marker></defs>',
    ]
    by_id = {t.id: t for t in spread.teams}
    for team in spread.teams:
        top, height = places[team.id]
        x = LEFT + team.depth * INDENT
        if team.parent_id in places:  # the elbow from the parent's box
            ptop, _ = places[team.parent_id]
            px = LEFT + by_id[team.parent_id].depth * INDENT + 10
            body.append(
                f'<path d="M{px},{ptop + HEAD - 6} V{top + 14} H{x}" fill="none" '
                f'stroke="{RULE}" stroke-width="1"/>'
            )
        fill, ink = ("#f1e9fb", "#5b3a8c") if team.tested else ("#ffffff", MUTED)
        body.append(
            f"<g data-team={_a(team.id)} data-tested={_a('yes' if team.tested else 'no')}>"
            f'<rect x="{x}" y="{top}" width="{BOX_W - x + LEFT}" height="{height}" rx="6" fill="{fill}" '
            f'stroke="{ink if team.tested else RULE}" stroke-width="{1.5 if team.tested else 1}"/>'
            f'<text x="{x + 10}" y="{top + 19}" fill="{INK if team.tested else MUTED}" '
            f'font-weight="{600 if team.tested else 400}">{escape(team.name)}'
            f'<tspan fill="{MUTED}" font-size="11" font-weight="400"> · {escape(team.kind)}'
            f"{' · tested it' if team.tested else ''}</tspan></text>"
        )
        for i, cycle in enumerate(team.cycles[:MAX_LINES]):
            cfill, cink = DECISION_COLOURS.get(cycle.decision, DECISION_COLOURS[OPEN])
            ly = top + HEAD + LINE * i
            body.append(
                f'<rect x="{x + 10}" y="{ly}" width="72" height="15" rx="7" fill="{cfill}" '
                f'stroke="{cink}" stroke-width="0.8"/>'
                f'<text x="{x + 46}" y="{ly + 11}" text-anchor="middle" font-size="10" fill="{cink}">'
                f"{escape(SHORT.get(cycle.decision, cycle.decision_label))}</text>"
                f'<text x="{x + 90}" y="{ly + 12}" font-size="11" fill="{INK}" data-cycle={_a(cycle.id)}>'
                f"{escape(_clip(cycle.title, 34))} · {escape(cycle.met_phrase)}</text>"
            )
        if len(team.cycles) > MAX_LINES:
            body.append(
                f'<text x="{x + 10}" y="{top + HEAD + LINE * MAX_LINES + 11}" font-size="11" fill="{MUTED}">'
                f"and {len(team.cycles) - MAX_LINES} more (see the table)</text>"
            )
        body.append("</g>")
    for lane, edge in enumerate(e for e in spread.edges if e.across_teams):
        (ftop, _), (ttop, _) = places[edge.from_cycle.team_id], places[edge.to_cycle.team_id]
        y1, y2, lx = ftop + 14, ttop + 14, LANE_X + (lane % 7) * LANE_STEP
        body.append(
            f'<path d="M{BOX_W + LEFT},{y1} C{lx},{y1} {lx},{y2} {BOX_W + LEFT + 2},{y2}" fill="none" '
            f'stroke="{ACCENT}" stroke-width="1.6" marker-end="url(#spread-arrow)" data-edge="adapted-from">'
            f"<title>{escape(edge.to_cycle.team_name)} adapted “{escape(edge.from_cycle.title)}” "
            f"from {escape(edge.from_cycle.team_name)}</title></path>"
        )
    return "\n".join([*out, *body, "</svg>"])


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"
