"""Each demo focus area's driver diagram: primary and secondary drivers and the change ideas tested."""

from __future__ import annotations

from demo.series import ATTENDANCE, READING
from measures.models import FocusArea
from playbook.models import Team, User
from theory.models import Driver
from theory.services.drivers import add_driver, create_change_idea, link_change_idea, link_drivers

# focus area: (owner, primaries, secondaries, [(primary, secondary)], [(change idea, secondary)])
DIAGRAMS = {
    READING: (
        "maya.lead",
        ["Daily reading practice", "Phonics secure by Year 1"],
        ["Every pupil reads aloud daily", "Weekly fluency checks"],
        [
            ("Daily reading practice", "Every pupil reads aloud daily"),
            ("Phonics secure by Year 1", "Weekly fluency checks"),
            ("Daily reading practice", "Weekly fluency checks"),
        ],
        [
            ("Paired reading, 10 minutes a day", "Every pupil reads aloud daily"),
            ("One-minute probe every Friday", "Weekly fluency checks"),
        ],
    ),
    ATTENDANCE: (
        "sam.lead",
        ["Families know every session counts", "School notices absence the same day"],
        ["A call home on the first morning", "Good news reaches home too"],
        [
            ("School notices absence the same day", "A call home on the first morning"),
            ("Families know every session counts", "Good news reaches home too"),
        ],
        [
            ("First-day calls before 9:30", "A call home on the first morning"),
            ("Sunday-evening text reminders", "Good news reaches home too"),
            ("Friday attendance raffle", "Good news reaches home too"),
        ],
    ),
}


def seed_diagrams(teams: dict[str, Team], people: dict[str, User]) -> None:
    """Drawn once per focus area: a diagram someone has started is theirs to change."""
    for (slug, title), (owner, primaries, secondaries, links, ideas) in DIAGRAMS.items():
        focus_area = FocusArea.objects.get(team=teams[slug], title=title)
        if Driver.objects.filter(focus_area=focus_area).exists():
            continue
        by = people[owner]
        drivers = {}
        for kind, texts in (("primary", primaries), ("secondary", secondaries)):
            for text in texts:
                drivers[text] = add_driver(focus_area=focus_area, by=by, kind=kind, text=text)
        for primary, secondary in links:
            link_drivers(primary=drivers[primary], secondary=drivers[secondary], by=by)
        for idea_title, secondary in ideas:
            idea = create_change_idea(focus_area=focus_area, by=by, title=idea_title)
            link_change_idea(change_idea=idea, driver=drivers[secondary], by=by)
