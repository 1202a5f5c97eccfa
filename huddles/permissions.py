"""Who sees and works in huddles.

Huddles (DESIGN §4): the members of a huddle's teams (and the leaders above them) see its meetings and
write in them — notes, action items, attendance, roles, their own pulse — and close a meeting; the
lead of its home team (and leaders above) set the huddle up. A pulse score is its author's alone: the
team sees averages only, never a row. Anyone else, asked by id, gets a 404.

Feedback on a meeting (``RATE``) is given once it is closed by those who attended it or belong by name
to one of the huddle's teams — not by a leader above who was not there. A rating is its author's alone,
like the pulse; the huddle's lead (and leaders above, and the admin: whoever may set it up) read it only
in aggregate (``READ_FEEDBACK``, ``huddles.feedback``) and record what they changed in response
(``RESPOND_TO_FEEDBACK``), which everyone who sees the huddle reads.

An archived meeting or note entry (``playbook.archive``) is seen by nobody: the models' managers leave
it out of every query here, and the rules answer "not visible" for one fetched another way.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from huddles.models import (
    ActionItem,
    ActionReminder,
    FeedbackResponse,
    FlagReply,
    Huddle,
    Meeting,
    MeetingFeedback,
    MeetingFlag,
    NoteEntry,
    NoteEntryRevision,
    PulseCheck,
    TeamUptake,
)
from playbook.models import Team
from playbook.permissions import (
    CHANGE,
    CONTRIBUTE,
    NO_ACCESS,
    VIEW,
    Access,
    Role,
    access_for,
    exempt,
    register,
)

RATE = "rate"
READ_FEEDBACK = "read_feedback"
RESPOND_TO_FEEDBACK = "respond_to_feedback"


def huddle_rule(access: Access, huddle, action: str) -> tuple[bool, bool]:
    if huddle.network_id != access.network_id:
        return False, False
    if not any(access.has_role(team_id, Role.MEMBER) for team_id in huddle.team_ids):
        return False, False
    if action in (VIEW, CONTRIBUTE):
        return True, True
    # CHANGE, READ_FEEDBACK, RESPOND_TO_FEEDBACK: those who may set the huddle up.
    return True, access.has_role(huddle.team_id, Role.LEAD)


def meeting_rule(access: Access, meeting, action: str) -> tuple[bool, bool]:
    # Running a meeting (closing it, taking attendance, amending) is everyday work of its members.
    if meeting.archived_at is not None:
        return False, False
    visible, _ = huddle_rule(access, meeting.huddle, VIEW)
    if not visible:
        return False, False
    if action == RATE:
        return True, _took_part(access, meeting)
    return True, action in (VIEW, CONTRIBUTE, CHANGE) or huddle_rule(access, meeting.huddle, action)[1]


def _took_part(access: Access, meeting) -> bool:
    """Attended, or belongs by name to one of the huddle's teams (seeing it from above is not enough)."""
    if any(team_id in access.direct for team_id in meeting.huddle.team_ids):
        return True
    return any(person.pk == access.user_id for person in meeting.attendees.all())


def meeting_part_rule(access: Access, part, action: str) -> tuple[bool, bool]:
    """Note entries and action items go with their meeting; anyone there may edit them."""
    if getattr(part, "archived_at", None) is not None:
        return False, False
    return meeting_rule(access, part.meeting, VIEW if action == VIEW else CONTRIBUTE)


def pulse_rule(access: Access, pulse, action: str) -> tuple[bool, bool]:
    mine = access.user_id is not None and pulse.person_id == access.user_id
    return mine, mine


def feedback_response_rule(access: Access, response, action: str) -> tuple[bool, bool]:
    return huddle_rule(access, response.huddle, VIEW if action == VIEW else RESPOND_TO_FEEDBACK)


def may_set_up_huddle(user, team: Team) -> bool:
    """Leads (and leaders above, and the admin) set up their team's huddles, while it is open."""
    access = access_for(user)
    return (
        team.network_id == access.network_id
        and team.closed_at is None
        and access.has_role(team.pk, Role.LEAD)
    )


def visible_huddles(user) -> QuerySet[Huddle]:
    access = access_for(user)
    if access is NO_ACCESS:
        return Huddle.objects.none()
    teams = access.team_ids_with_role(Role.MEMBER)
    return Huddle.objects.filter(run_or_joined_by(teams), network_id=access.network_id)


def run_or_joined_by(team_ids) -> Q:
    """Huddles any of ``team_ids`` runs, or joins as a guest team."""
    joined = Huddle.teams.through.objects.filter(team_id__in=team_ids).values("huddle_id")
    return Q(team_id__in=team_ids) | Q(pk__in=joined)


def visible_meetings(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(huddle__in=visible_huddles(user))


def visible_feedback_responses(user) -> QuerySet[FeedbackResponse]:
    return FeedbackResponse.objects.filter(huddle__in=visible_huddles(user))


register(Huddle, huddle_rule)
register(Meeting, meeting_rule)
register(NoteEntry, meeting_part_rule)
register(ActionItem, meeting_part_rule)
register(PulseCheck, pulse_rule)
# A rating is its author's alone, as a pulse answer is.
register(MeetingFeedback, pulse_rule)
register(FeedbackResponse, feedback_response_rule)
exempt(ActionReminder, "the reminder job's record of what it sent")
exempt(NoteEntryRevision, "a note entry's earlier text, read only through its entry")
exempt(FlagReply, "a flag's reply shown on a meeting, read only through the meeting")
exempt(MeetingFlag, "where a flag came from, read only through its meeting (each flag keeps its own rule)")
exempt(TeamUptake, "figures the uptake panel reads for the teams its viewer oversees, never by id")


def visible_action_items(user) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(huddle__in=visible_huddles(user))


def visible_note_entries(user, *, huddles_listed: bool = False) -> QuerySet[NoteEntry]:
    """``huddles_listed`` reads the huddles first and names them: PostgreSQL then knows that a
    school lead's one huddle holds a sliver of the network's notes and starts a search from it,
    where a subquery leaves it guessing and testing every note of the network for the words."""
    huddles = visible_huddles(user)
    if huddles_listed:
        return NoteEntry.objects.filter(huddle_id__in=list(huddles.values_list("pk", flat=True)))
    return NoteEntry.objects.filter(huddle__in=huddles)
