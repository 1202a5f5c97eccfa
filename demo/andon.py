"""Andon flags at every tier: raised at their own time through the andon services, then the escalation
job is run once, as the beat would have, so a flag nobody answered has climbed by age to the hub.

With the flag Oakfield's huddle raised from a note (``demo.huddles``, acknowledged): two just raised
and waiting at their team, one a lead sent up to the cluster by hand, one climbed to the hub by age,
and six resolved over the last three months with what was learned (one by the cluster it was sent to).
"""

from __future__ import annotations

from datetime import timedelta

from andon.models import Flag
from andon.services import (
    acknowledge_flag,
    escalate_due_flags,
    escalate_flag,
    raise_flag,
    resolve_flag,
)
from demo.series import READING
from demo.timeline import Timeline
from measures.models import FocusArea
from playbook.models import Team, User

Severity, Category = Flag.Severity, Flag.Category


def seed_flags(timeline: Timeline, teams: dict[str, Team], people: dict[str, User]) -> None:
    t = timeline

    def new(slug: str, title: str) -> bool:
        return not Flag.all_objects.filter(team=teams[slug], title=title).exists()

    def pull(slug: str, by: str, title: str, description: str, category: str, severity: str) -> Flag:
        return raise_flag(
            team=teams[slug],
            by=people[by],
            title=title,
            description=description,
            category=category,
            severity=severity,
        )

    title = "Not enough decodable books for Year 1"
    if new("oakfield-reading", title):  # just raised, waiting for Maya: the flag a visitor answers first
        raise_flag(
            team=teams["oakfield-reading"],
            by=people["ella"],
            title=title,
            description="Half of the phonics groups share one set; pupils take home books they cannot read.",
            category=Category.RESOURCES,
            severity=Severity.HIGH,
            focus_area=FocusArea.objects.get(team=teams[READING[0]], title=READING[1]),
        )

    title = "Attendance calls dropped during cover"
    if new("marsh-attendance", title):
        with t.then(t.today - _days(2), 10):
            cover = pull(
                "marsh-attendance",
                "chloe",
                title,
                "First-day calls were not made on three days this week while the office was short.",
                Category.PROCESS,
                Severity.MEDIUM,
            )
        with t.then(t.today - _days(2), 11):
            acknowledge_flag(flag=cover, by=people["sam.lead"])
        with t.then(t.today - _days(1), 11):
            escalate_flag(
                flag=cover,
                by=people["sam.lead"],
                reason="Cover for the office needs the cluster's supply budget; the school has none left.",
            )
        with t.then(t.today - _days(1), 13):
            acknowledge_flag(flag=cover, by=people["south.leader"])

    title = "Staff wellbeing after the inspection"
    if new("hillcrest-y9", title):
        with t.then(t.today - _days(8), 16):
            pull(
                "hillcrest-y9",
                "james",
                title,
                "Several colleagues said the last fortnight left them exhausted.",
                Category.WELLBEING,
                Severity.MEDIUM,
            )

    title = "Lunchtime supervision gap on the field"
    if new("riverside-pastoral", title):
        day = t.from_now(-3, 1)
        with t.then(day, 12, 40):
            gap = pull(
                "riverside-pastoral",
                "yusuf",
                title,
                "Nobody is on the far field between 12:30 and 12:45 while the rota changes over.",
                Category.WELLBEING,
                Severity.HIGH,
            )
        with t.then(day, 13):
            acknowledge_flag(flag=gap, by=people["ruth.lead"])
        with t.then(day + _days(1), 11):
            resolve_flag(
                flag=gap,
                by=people["ruth.lead"],
                resolution="The rota now overlaps by ten minutes; the early shift stays until 12:45.",
                learning="Check every changeover on a rota for a gap, not only the start and end.",
            )

    title = "Year 4 maths workbooks have not arrived"
    if new("oakfield-maths", title):
        day = t.from_now(-4)
        with t.then(day, 9):
            books = pull(
                "oakfield-maths",
                "hannah",
                title,
                "Half-term two's workbooks are three weeks late; classes are sharing photocopies.",
                Category.RESOURCES,
                Severity.MEDIUM,
            )
        with t.then(day, 10):
            acknowledge_flag(flag=books, by=people["ben.lead"])
        with t.then(day, 14):
            escalate_flag(
                flag=books, by=people["ben.lead"], reason="The supplier wants the trust's purchase order."
            )
        with t.then(day, 15):
            acknowledge_flag(flag=books, by=people["north.leader"])
        with t.then(day + _days(2), 11):
            resolve_flag(
                flag=books,
                by=people["north.leader"],
                resolution="The cluster raised the purchase order; the workbooks came on Thursday.",
                learning="Orders over the school's limit need the cluster's order in the first week of term.",
            )

    title = "Fume cupboard failed its safety check"
    if new("riverside-science", title):
        with t.then(t.today, 8, 30):
            pull(
                "riverside-science",
                "lily",
                title,
                "Lab 2's fume cupboard failed this morning's check; Year 10 practicals need another room.",
                Category.RESOURCES,
                Severity.LOW,
            )

    for weeks, slug, by, answered_by, title, description, category, resolution, learning in EARLIER:
        if not new(slug, title):
            continue
        day = t.from_now(-weeks, 1)
        with t.then(day, 9, 20):
            flag = pull(slug, by, title, description, category, Severity.MEDIUM)
        with t.then(day, 11):
            acknowledge_flag(flag=flag, by=people[answered_by])
        with t.then(day + _days(1), 15):
            resolve_flag(flag=flag, by=people[answered_by], resolution=resolution, learning=learning)

    # As the every-minute job would have by now: the flag nobody acknowledged climbs by its age.
    escalate_due_flags()


# Answered in the weeks before, so the dashboard's trends have a history:
# (weeks ago, team, raised by, answered by, title, description, category, resolution, learning)
EARLIER = [
    (
        11, "hillcrest-y9", "aisha", "nina.lead", "Year 9 timetable clashes with the reading intervention",
        "Twelve pupils are due in PE and in the intervention at once on Tuesdays.", Category.MISALIGNMENT,
        "The intervention moved to Thursday period 2.", "Check new interventions against the PE rota first.",
    ),
    (
        8, "riverside-science", "mateo", "kofi.lead", "Not enough goggles for a full class",
        "Lab 3 has 22 pairs of goggles for classes of 30.", Category.RESOURCES,
        "Ten pairs borrowed from Lab 1 until the order came.", "Count safety kit at the start of term.",
    ),
    (
        6, "marsh-attendance", "daniel", "sam.lead", "Late gate left unstaffed on Mondays",
        "Nobody signs in late arrivals on Mondays, so they are marked absent.", Category.PROCESS,
        "The deputy head covers the late gate on Mondays.", "A rota needs a named person for every day.",
    ),
    (
        3, "oakfield-maths", "luca", "ben.lead", "Times-table app logs pupils out every lesson",
        "Pupils lose five minutes signing in again.", Category.RESOURCES,
        "The filter now lets the app keep its session.", "Ask IT about filters before blaming an app.",
    ),
]  # fmt: skip


def _days(n: int) -> timedelta:
    return timedelta(days=n)
