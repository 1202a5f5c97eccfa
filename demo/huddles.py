"""Oakfield's daily reading huddle: two weeks of meetings behind it, today's open, the next week ahead.

Each past meeting is held through the huddles services at its own time: attendance, a few notes
against the standard questions, now and then a decision or an action item, everyone's pulse, then
closed. A past meeting that is still empty is held on the next run, so a demo seeded again a week
later has no gap of unheld meetings.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from andon.models import Flag
from andon.services import acknowledge_flag
from demo.series import READING
from demo.timeline import Timeline, happened_at
from huddles.models import ActionItem, Huddle, Meeting, NoteEntry
from huddles.services import (
    add_action_item,
    add_entry,
    close_meeting,
    create_huddle,
    escalate_entry,
    record_attendance,
    record_pulse,
    schedule_huddle,
    start_meeting,
    update_action_item,
)
from playbook.models import Team, User

NAME = "Early reading huddle"
STARTS_AT = time(8, 15)
MEMBERS = ["maya.lead", "ella", "omar", "sophie"]
RAISED = (
    "Assemblies keep taking the after-lunch reading slot\n"
    "Three Wednesdays running the hall was booked over paired reading; the office needs to move them."
)

LEARNED = [
    "2C's pairs swapped roles without a prompt for the first time.",
    "Friday's probe: three more pupils over 90 words a minute.",
    "Shorter texts keep Year 1 pairs going the full six minutes.",
    "Pupils who read first are choosing harder books.",
    "The after-lunch slot held every day this week.",
    "Parents asked for the paired reading cards to use at home.",
]
CHALLENGES = [
    "Assemblies keep eating the 13:10 slot on Wednesdays.",
    "Two teaching assistants are out on a course Thursday.",
    "Some pairs finish early and drift; they need a next step.",
    "The Year 1 texts are too long for the newest readers.",
    "Recording sessions on paper is slow; the register gets skipped.",
]
NEXT = [
    "Put a spare book basket on each table for early finishers.",
    "Try a sand timer so pairs swap at three minutes.",
    "Log sessions on the class tablet instead of paper.",
    "Move Wednesday's slot to straight after register.",
    "Pair the two quietest readers with Year 2 buddies.",
]
DECISIONS = [
    "We keep paired reading after lunch, every day, in every class.",
    "Teaching assistants lead Year 1 sessions; teachers take Year 2.",
    "The Friday probe stays at one minute; no longer texts.",
]
ACTIONS = [
    "Print prompt cards for the new Year 1 pairs",
    "Ask the office to move Wednesday assemblies",
    "Share the probe results at Friday's staff briefing",
    "Order a second set of decodable books",
    "Set up the session log on the class tablets",
    "Pair the two new arrivals in 2B with confident readers",
    "Check the reading corner timetable with the TAs",
    "Send parents the paired-reading tips sheet",
    "Swap the Friday probe to first thing after register",
    "Bring the decodable book audit to Monday's huddle",
]
WORDS = ["hopeful", "busy", "proud", "tired", "steady", "curious", "stretched", "good"]


def seed_huddle(timeline: Timeline, teams: dict[str, Team], people: dict[str, User]) -> Huddle:
    team, maya = teams[READING[0]], people["maya.lead"]
    huddle = Huddle.objects.filter(team=team, name=NAME).first()
    history = timeline.from_now(-2)  # two full weeks of meetings, and this week's so far
    if huddle is None:
        with timeline.then(history - timedelta(days=3), 15, 30):
            huddle = create_huddle(
                team=team,
                by=maya,
                name=NAME,
                purpose="Each morning on paired reading: what we learned, what is in the way.",
                weekdays=[0, 1, 2, 3, 4],
                starts_at=STARTS_AT,
                duration_minutes=15,
                place="Year 2 corridor, by the reading corner",
                agenda=["Wins since yesterday", "The data wall", "What is in the way", "Actions"],
                rotate_roles=True,
            )
    # A demo seeded again later holds the meetings since the last one it held (six weeks at most).
    held = huddle.meetings.filter(status=Meeting.Status.CLOSED).order_by("scheduled_start").last()
    if held is not None:
        history = max(min(history, _day(timeline, held) + timedelta(days=1)), timeline.from_now(-6))
    start = timeline.at(history, 0)
    schedule_huddle(huddle, at=start, horizon=timeline.at(timeline.today, 23) - start + timedelta(days=7))
    members = [people[name] for name in MEMBERS]
    past = [
        m
        for m in huddle.meetings.order_by("scheduled_start")
        if history <= _day(timeline, m) < timeline.today
    ]
    for index, meeting in enumerate(past):
        if meeting.status == Meeting.Status.OPEN and not meeting.entries.exists():
            _hold(timeline, meeting, members, maya, last=index == len(past) - 1)
    _finish_actions(timeline, huddle)
    if not any(_day(timeline, m) == timeline.today for m in huddle.meetings.all()):
        # A weekend: the huddle does not meet, so the lead opens one to show today's meeting.
        start_meeting(huddle=huddle, by=maya)
    return huddle


def _day(timeline: Timeline, meeting: Meeting) -> date:
    return meeting.scheduled_start.astimezone(timeline.zone).date()


def _minute(meeting: Meeting, minutes: int) -> datetime:
    return meeting.scheduled_start + timedelta(minutes=minutes)


def _hold(timeline: Timeline, meeting: Meeting, members: list[User], lead: User, *, last: bool) -> None:
    day = _day(timeline, meeting)
    rng = random.Random(f"huddle|{day.isoformat()}")
    absent = rng.choice(members[1:]) if rng.random() < 0.5 else None
    present = [p for p in members if p != absent]
    with happened_at(_minute(meeting, 0)):
        record_attendance(meeting=meeting, by=lead, people=present)
    questions = meeting.huddle.questions
    bank = [LEARNED, CHALLENGES, NEXT]
    first = rng.randrange(len(present))  # each question answered by someone else, as round a table
    for i, (question, texts) in enumerate(zip(questions, bank, strict=False)):
        author = present[(first + i) % len(present)]
        with happened_at(_minute(meeting, 2 + 3 * i)):
            add_entry(meeting=meeting, by=author, text=rng.choice(texts), question=question)
    if rng.random() < 0.35:
        with happened_at(_minute(meeting, 11)):
            add_entry(meeting=meeting, by=lead, text=rng.choice(DECISIONS), kind=NoteEntry.Kind.DECISION)
    if last:
        _pull_the_cord(meeting, present, lead)
    if rng.random() < 0.6 or last:
        with happened_at(_minute(meeting, 12)):
            add_action_item(
                meeting=meeting,
                by=lead,
                # Round the list, day by day, so the items still open read as different jobs.
                text=ACTIONS[day.toordinal() % len(ACTIONS)],
                owner=rng.choice(present),
                due_on=day + timedelta(days=rng.randint(2, 6)),
            )
    for person in present:
        with happened_at(_minute(meeting, 14)):
            score = rng.choice([2, 3, 4, 4, 4, 5, 5])
            record_pulse(meeting=meeting, by=person, score=score, word=rng.choice(WORDS))
    with happened_at(_minute(meeting, 15)):
        close_meeting(meeting=meeting, by=lead)


def _pull_the_cord(meeting: Meeting, present: list[User], lead: User) -> None:
    """The latest meeting pulls the andon cord from a note: the flag and the note name each other."""
    if Flag.all_objects.filter(team=meeting.huddle.team, title=RAISED.splitlines()[0]).exists():
        return
    raiser = next((p for p in present if p != lead), lead)
    with happened_at(_minute(meeting, 9)):
        entry = add_entry(meeting=meeting, by=raiser, text=RAISED, question=meeting.huddle.questions[1])
        flag = escalate_entry(entry=entry, by=raiser)
    with happened_at(_minute(meeting, 40)):
        acknowledge_flag(flag=flag, by=lead)


def _finish_actions(timeline: Timeline, huddle: Huddle) -> None:
    """Items due before today were done on their due date, except every third: still open, and late."""
    due = ActionItem.objects.filter(huddle=huddle, status=ActionItem.Status.OPEN, due_on__lt=timeline.today)
    for item in due.order_by("pk").select_related("owner"):
        if item.pk % 3 == 0:
            continue
        with timeline.then(item.due_on, 15, 45):
            update_action_item(item=item, by=item.owner, status=ActionItem.Status.DONE)
