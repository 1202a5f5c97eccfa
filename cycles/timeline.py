"""The cycle page's frame: the stage timeline at its top, which stage's work is in front, and the one
next action. Pure: it reads the cycle and its events, already loaded, and asks no questions of the
database except what ``missing_for`` needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from cycles.models import Cycle, CycleEvent
from cycles.services.stages import missing_for

Stage = Cycle.Stage

# The four stages of the method, with the anchor and the template of each one's part of the page.
STAGES = (
    (Stage.PLANNING, "Plan", "plan"),
    (Stage.DOING, "Do", "do"),
    (Stage.STUDYING, "Study", "study"),
    (Stage.ACTING, "Act", "act"),
)
ORDER = [s for s, _, _ in STAGES]


@dataclass(frozen=True)
class Step:
    stage: str
    label: str
    anchor: str
    state: str  # "done", "current" or "upcoming"
    when: str

    @property
    def template(self) -> str:
        return f"cycles/_{self.anchor}.html"


def _day(moment) -> str:
    return f"{moment:%-d %b}" if moment else ""


def entered_on(events: list[CycleEvent]) -> dict[str, object]:
    """When the cycle last entered each stage, from its history."""
    entered = {}
    for event in events:
        if event.kind == CycleEvent.Kind.TRANSITION and event.to_stage:
            entered[event.to_stage] = event.at
    return entered


def front_stage(cycle: Cycle, events: list[CycleEvent]) -> str:
    """The stage whose work goes in front: the current one; for a complete cycle its Act; for an
    abandoned one the stage it stopped in."""
    if cycle.stage == Stage.COMPLETE:
        return Stage.ACTING
    if cycle.stage == Stage.ABANDONED:
        stopped = [e.from_stage for e in events if e.to_stage == Stage.ABANDONED and e.from_stage]
        return stopped[-1] if stopped and stopped[-1] in ORDER else Stage.PLANNING
    return cycle.stage


def _window(cycle: Cycle) -> str:
    if cycle.starts_on is None:
        return "dates not set"
    if cycle.ends_on is None:
        return f"from {cycle.starts_on:%-d %b}"
    return f"{cycle.starts_on:%-d %b} – {cycle.ends_on:%-d %b}"


def _when(cycle: Cycle, entered: dict, current: str) -> dict[str, str]:
    def since(stage, otherwise):
        return f"from {_day(entered[stage])}" if stage in entered else otherwise

    act = since(Stage.ACTING, "decide")
    if cycle.stage == Stage.COMPLETE and Stage.COMPLETE in entered:
        act = f"done {_day(entered[Stage.COMPLETE])}"
    plan = f"since {_day(cycle.created_at)}" if current == Stage.PLANNING else _day(cycle.created_at)
    return {
        Stage.PLANNING: plan,
        Stage.DOING: _window(cycle),
        Stage.STUDYING: since(Stage.STUDYING, "after the test"),
        Stage.ACTING: act,
    }


def steps(cycle: Cycle, events: list[CycleEvent]) -> list[Step]:
    """The four stages, each done, current or upcoming, with its dates in a few words."""
    current = front_stage(cycle, events)
    front = ORDER.index(current)
    finished = cycle.stage == Stage.COMPLETE
    when = _when(cycle, entered_on(events), current)
    rows = []
    for i, (stage, label, anchor) in enumerate(STAGES):
        state = "done" if i < front or finished else ("current" if i == front else "upcoming")
        rows.append(Step(stage, label, anchor, state, when[stage]))
    return rows


@dataclass(frozen=True)
class NextAction:
    """The one primary button of the page: where it posts, what it says, and, when the cycle may not
    move yet, why (shown beside the disabled button; the server refuses the move with the same words)."""

    kind: str  # "move" (a transition) or "next" (the ramp's next cycle)
    label: str
    to: str = ""
    reasons: list[str] = field(default_factory=list)
    hint: str = ""

    @property
    def testid(self) -> str:
        return "start-next" if self.kind == "next" else f"move-{self.to}"


MOVE_LABELS = {
    Stage.DOING: "Start the cycle",
    Stage.STUDYING: "Move to Study",
    Stage.ACTING: "Move to Act",
    Stage.COMPLETE: "Complete the cycle",
}


def next_action(cycle: Cycle, *, may_change: bool, ramp_decision: bool, following) -> NextAction | None:
    if not may_change:
        return None
    if ramp_decision and following is None and cycle.stage in (Stage.ACTING, Stage.COMPLETE):
        # Adapt, or adopt at larger scale: completing this cycle and planning the next are one step.
        label = "Complete and start the next cycle" if cycle.stage == Stage.ACTING else "Start the next cycle"
        reasons = list(missing_for(cycle, Stage.COMPLETE).values()) if cycle.stage == Stage.ACTING else []
        return NextAction("next", label, reasons=reasons)
    move = {Stage.PLANNING: Stage.DOING, Stage.DOING: Stage.STUDYING, Stage.STUDYING: Stage.ACTING}.get(
        cycle.stage, Stage.COMPLETE if cycle.stage == Stage.ACTING else None
    )
    if move is None:
        return None
    hint = "Starting freezes the predictions." if move == Stage.DOING else ""
    return NextAction("move", MOVE_LABELS[move], move, list(missing_for(cycle, move).values()), hint)
