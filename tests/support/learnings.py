"""A world of learnings for "What we learned": one of each kind the member may see, and the same
words where the member may not (the sibling team, another network, a flag not yet resolved)."""

from datetime import UTC, datetime, time
from types import SimpleNamespace

from andon import services as andon
from cycles import services as cycles
from huddles import services as huddles
from playbook import clock
from tests.support.andon import raise_at
from tests.support.cycles import make_plan, make_world, run_to

MARCH = datetime(2026, 3, 10, 9, tzinfo=UTC)
APRIL = datetime(2026, 4, 14, 9, tzinfo=UTC)


def studied_cycle(world, *, by, team=None, words="", at=MARCH, **fields):
    with clock.frozen_at(at):
        cycle = run_to(make_plan(world, by=by, team=team, **fields), "studying", by=by)
        return cycles.update_cycle(
            cycle=cycle, by=by, what_happened=f"We ran the test for two weeks. {words}"
        )


def resolved_flag(*, by, team, words, at=MARCH, title="Supply cover is not arriving"):
    flag = raise_at(at, by=by, team=team, title=title)
    with clock.frozen_at(at):
        return andon.resolve_flag(
            flag=flag, by=by, resolution="Agency called.", learning=f"Book early. {words}"
        )


def huddle_for(team, lead, name):
    return huddles.create_huddle(
        team=team,
        by=lead,
        name=name,
        starts_at=time(8, 30),
        weekdays=[0, 2, 4],
        place="Room 4",
        agenda=["Check-in"],
    )


def note(meeting, *, by, text, at=MARCH, kind="note"):
    with clock.frozen_at(at):
        return huddles.add_entry(meeting=meeting, by=by, text=text, kind=kind)


def make_learnings(personas) -> SimpleNamespace:
    w = make_world(personas)
    w.cycle = studied_cycle(w, by=w.member, words="Marmalade pairs read more.")
    w.sibling_cycle = studied_cycle(
        w,
        by=w.sibling_member,
        team=w.team_b,
        focus_area=None,
        change_idea=None,
        predictions=[cycles.PredictionInput("Pupils will say they enjoy it.")],
        words="Marmalade in 5C.",
    )
    w.flag = resolved_flag(by=w.member, team=w.team_a, words="Quokka agency answers fastest.", at=APRIL)
    w.sibling_open_flag = raise_at(
        MARCH, by=w.sibling_member, team=w.team_b, title="Quokka printers", description="Quokka jammed."
    )
    w.other_network_flag = resolved_flag(by=w.outsider, team=w.other_team, words="Quokka elsewhere.")
    w.huddle = huddle_for(w.team_a, w.lead, "Morning huddle")
    w.sibling_huddle = huddle_for(w.team_b, w.leader, "Team B huddle")
    with clock.frozen_at(MARCH):
        w.meeting = huddles.start_meeting(huddle=w.huddle, by=w.lead)
        w.sibling_meeting = huddles.start_meeting(huddle=w.sibling_huddle, by=w.leader)
    w.entry = note(w.meeting, by=w.member, text="Decided: ptarmigan groups on Fridays.", kind="decision")
    w.sibling_entry = note(w.sibling_meeting, by=w.sibling_member, text="Ptarmigan groups next door.")
    return w
