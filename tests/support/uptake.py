"""Four weeks of two teams' routines, to count uptake over (``huddles.uptake``)."""

from datetime import UTC, date, datetime, time, timedelta

from cycles import services
from huddles.models import ActionItem, Huddle, Meeting
from playbook import clock
from tests.support.cycles import make_plan, make_world, run_to

NOW = datetime(2026, 3, 30, 12, 0, tzinfo=UTC)  # the window runs from 2 March, 12:00
TODAY = NOW.date()


def at(day: int, hour: int = 9, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def huddle_of(team, by) -> Huddle:
    # No weekdays: the test places every meeting itself, and nothing schedules more.
    return Huddle.objects.create(
        network=team.network, team=team, name=f"{team.name} huddle", starts_at=time(8, 30), created_by=by
    )


def meeting_at(huddle, when, *, closed=False, unscheduled=False, attendees=()) -> Meeting:
    meeting = Meeting.objects.create(
        huddle=huddle,
        scheduled_start=when,
        unscheduled=unscheduled,
        status=Meeting.Status.CLOSED if closed else Meeting.Status.OPEN,
        closed_at=when + timedelta(minutes=15) if closed else None,
    )
    meeting.attendees.set(attendees)
    return meeting


def action_due(meeting, owner, due_on, status="open", done_at=None) -> ActionItem:
    return ActionItem.objects.create(
        huddle=meeting.huddle,
        meeting=meeting,
        text=f"Due {due_on}",
        owner=owner,
        due_on=due_on,
        status=status,
        done_at=done_at,
        created_by=owner,
        created_at=meeting.scheduled_start,
    )


def study(cycle, by):
    """From Do on into Act: what happened, each prediction studied, then the move."""
    services.update_cycle(cycle=cycle, by=by, what_happened="We ran it for two weeks.")
    cycle = services.transition(cycle=cycle, by=by, to="studying")
    for prediction in cycle.predictions.all():
        services.study_prediction(prediction=prediction, by=by, actual="It did.", outcome="met")
    return services.transition(cycle=cycle, by=by, to="acting")


def uptake_example(personas):
    """Team A: 2 people, 3 scheduled meetings of which 2 held, 1 held unscheduled, 3 attendances;
    3 action items due in the window, 1 closed on time; 1 cycle started and studied in the window,
    1 started before it. Team B: 1 cycle started in the window, nothing else."""
    p = personas
    world = make_world(p)
    huddle = huddle_of(p.team_a, p.lead)
    first = meeting_at(huddle, at(3), closed=True, attendees=[p.member, p.lead])
    meeting_at(huddle, at(10), attendees=[p.member])  # open, but people were there: held
    meeting_at(huddle, at(17))  # nobody came, nothing written: not held
    meeting_at(huddle, at(18), closed=True, unscheduled=True)  # held, though not on the schedule
    meeting_at(huddle, at(20, month=2), closed=True, attendees=[p.member])  # before the window
    meeting_at(huddle, at(31), attendees=[p.member])  # still to come

    action_due(first, p.member, date(2026, 3, 10), "done", at(9))  # on time
    action_due(first, p.member, date(2026, 3, 11), "done", at(12))  # late
    action_due(first, p.lead, date(2026, 3, 20))  # open past its date
    action_due(first, p.lead, date(2026, 3, 21), "dropped")  # dropped: not counted
    action_due(first, p.lead, TODAY)  # due today: not late yet
    action_due(first, p.lead, date(2026, 2, 20), "done", at(19, month=2))  # due before the window

    with clock.frozen_at(at(1, month=2)):
        early = make_plan(world, title="Started in February")
        run_to(early, "doing", p.member)
    with clock.frozen_at(at(5)):
        tested = make_plan(world, title="Tested in March")
        run_to(tested, "doing", p.member)
    with clock.frozen_at(at(20)):
        study(tested, p.member)
    with clock.frozen_at(at(6)):
        sibling = make_plan(
            world,
            by=p.sibling_member,
            team=p.team_b,
            title="Team B's test",
            focus_area=None,
            change_idea=None,
            predictions=[services.PredictionInput("Pupils will finish the task.")],
        )
        run_to(sibling, "doing", p.sibling_member)
    return world
