"""Huddles: recurring meetings of a team (or of several), their meetings, the running notes, action
items, the pulse, and feedback on meetings with what was changed in response.

One running-notes document per huddle is the meetings' entries in time order. Each contribution is
its own row, so two people typing at once can never overwrite each other; editing an entry bumps its
``version``, and an edit made against an older version is refused (the editor is told); the text
it replaced is kept as a ``NoteEntryRevision``, with who wrote it and when.

Meetings and note entries are archived, never deleted (``playbook.archive``). What belongs to a
meeting (its entries, action items and pulse answers) goes with it: each model's ``objects`` leaves
out the rows of an archived meeting, and every key to a meeting, a huddle or a person is ``PROTECT``.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from playbook.archive import Archivable, LiveManager
from playbook.fields import NOTE_MAX, PROSE_MAX, BoundedTextField
from playbook.models import Network, Team

DEFAULT_QUESTIONS = [
    "What did we learn since last time?",
    "What challenges are top of mind?",
    "What will we do differently next?",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def default_questions():
    return list(DEFAULT_QUESTIONS)


class Huddle(models.Model):
    """A recurring meeting: same days, time and place, same agenda, roles and questions."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="huddles")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="huddles", help_text="Its home team."
    )
    # Every team whose members take part, the home team included (cross-team huddles have several).
    teams = models.ManyToManyField(Team, related_name="joined_huddles")
    name = models.CharField(max_length=200)
    purpose = BoundedTextField(blank=True, max_length=PROSE_MAX)
    weekdays = models.JSONField(default=list, help_text="Days of the week, 0 = Monday.")
    starts_at = models.TimeField(help_text="Local time, in the network's time zone.")
    duration_minutes = models.PositiveSmallIntegerField(default=15)
    place = models.CharField(max_length=300, blank=True, help_text="A room or a video link.")
    agenda = models.JSONField(default=list, blank=True, help_text="The standard agenda items, in order.")
    questions = models.JSONField(default=default_questions, blank=True)
    rotate_roles = models.BooleanField(default=False, help_text="Rotate the roles among members.")
    # The standing roles are the huddle's current setup, not a record: they may empty themselves.
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    timekeeper = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("huddle-detail", args=[self.pk])

    @property
    def team_ids(self) -> list[int]:
        # ``teams.all()`` uses the list's prefetch; a single huddle asks one small query.
        ids = {t.pk for t in self.teams.all()}
        ids.add(self.team_id)
        return sorted(ids)

    @property
    def schedule_text(self) -> str:
        chosen = sorted(set(self.weekdays))
        if chosen == [0, 1, 2, 3, 4]:
            days = "Weekdays"
        elif chosen == list(range(7)):
            days = "Every day"
        else:
            days = ", ".join(WEEKDAYS[d] for d in chosen) or "Unscheduled"
        return f"{days} at {self.starts_at:%H:%M}"


ROLE_FIELDS = ("facilitator", "note_taker", "timekeeper")


class Meeting(Archivable):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    huddle = models.ForeignKey(Huddle, on_delete=models.PROTECT, related_name="meetings")
    scheduled_start = models.DateTimeField()
    unscheduled = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="huddle_meetings")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    timekeeper = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheduled_start", "pk"]
        constraints = [
            # The beat job may run twice, or on two machines: one meeting per occurrence, whatever.
            # Archived meetings count too, so the job never makes an archived occurrence again.
            models.UniqueConstraint(
                fields=["huddle", "scheduled_start"], name="huddles_one_meeting_per_start"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False),
                name="huddles_closed_meeting_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.huddle} — {self.scheduled_start:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("meeting-detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class NoteEntry(Archivable):
    """One contribution to the running notes, by one person at one moment.

    ``updated_by`` and ``updated_at`` are the last edit's (``updated_by`` stays empty until someone
    edits it); each earlier text is a ``NoteEntryRevision``.
    """

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        DECISION = "decision", "Decision"
        FLAG_REPLY = "flag_reply", "Reply to a flag"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="entries")
    huddle = models.ForeignKey(Huddle, on_delete=models.PROTECT, related_name="entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.NOTE)
    question = models.CharField(max_length=300, blank=True, help_text="The standard question it answers.")
    text = BoundedTextField(max_length=NOTE_MAX)
    version = models.PositiveIntegerField(default=1)
    is_amendment = models.BooleanField(default=False, help_text="Written after the meeting was closed.")
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="amendments"
    )
    flag = models.ForeignKey(
        "andon.Flag", null=True, blank=True, on_delete=models.SET_NULL, related_name="huddle_entries"
    )
    created_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Kept by a PostgreSQL trigger from the text above (see the *_learning_search_index migration);
    # "What we learned" (playbook.learnings) searches and ranks by it. Empty on SQLite.
    search_document = SearchVectorField(
        null=True,
        editable=False,
        help_text="The text's full-text document, kept by a PostgreSQL trigger (empty on SQLite).",
    )

    archived_with = ("meeting",)
    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012 — second to ``objects``, which must stay the default

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "note entries"
        indexes = [models.Index(fields=["meeting", "id"], name="huddles_entry_meeting_idx")]

    def __str__(self):
        return self.text[:60]


class NoteEntryRevision(models.Model):
    """A note entry's text as it stood before an edit: its version, who wrote it and when.

    Version 1 is the author's own words at ``created_at``; a later one is the edit that replaced the
    version before it. The entry itself holds the current version, so nothing anyone wrote is lost.
    """

    entry = models.ForeignKey(NoteEntry, on_delete=models.PROTECT, related_name="revisions")
    version = models.PositiveIntegerField()
    text = BoundedTextField(max_length=NOTE_MAX)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField()

    class Meta:
        ordering = ["entry", "version"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="huddles_one_revision_per_version")
        ]

    def __str__(self):
        return f"Entry {self.entry_id}, version {self.version}"


class MeetingFlag(models.Model):
    """An andon flag raised from a meeting (from one of its notes or action items). The huddles app keeps
    the link (andon knows no huddles); the flag outlives the meeting, so the link cascades, not the flag.
    A reply sent back down goes on the next meeting of this meeting's huddle. Neither a meeting nor a flag
    is ever deleted (both are archived), so the link is kept too."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="flag_links")
    flag = models.OneToOneField("andon.Flag", on_delete=models.PROTECT, related_name="meeting_link")

    class Meta:
        ordering = ["meeting", "flag"]

    def __str__(self):
        return f"Flag {self.flag_id} from meeting {self.meeting_id}"


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    huddle = models.ForeignKey(Huddle, on_delete=models.PROTECT, related_name="action_items")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_items")
    text = models.CharField(max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="huddle_actions"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    version = models.PositiveIntegerField(default=1)
    flag = models.ForeignKey(
        "andon.Flag", null=True, blank=True, on_delete=models.SET_NULL, related_name="huddle_actions"
    )
    # The note it was made from, when made with the note's "Make an action": one action per note.
    source_entry = models.OneToOneField(
        NoteEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="action_item"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    archived_with = ("meeting",)
    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012 — second to ``objects``, which must stay the default

    class Meta:
        ordering = ["due_on", "created_at", "pk"]
        indexes = [
            models.Index(fields=["owner", "status"], name="huddles_action_owner_idx"),
            models.Index(fields=["huddle", "status"], name="huddles_action_huddle_idx"),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("meeting-detail", args=[self.meeting_id]) + f"#action-{self.pk}"


class ActionReminder(models.Model):
    """The one reminder an overdue action item's owner gets: the row makes a re-run a no-op."""

    action_item = models.OneToOneField(ActionItem, on_delete=models.CASCADE, related_name="reminder")
    sent_at = models.DateTimeField()

    def __str__(self):
        return f"Reminder for action item {self.action_item_id}"


class PulseCheck(models.Model):
    """How one attendee felt at one meeting. Only its author ever sees it; the team sees averages."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="pulses")
    # A person who leaves is deactivated, not deleted: their answers still count in the team's pulse.
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    word = models.CharField(max_length=40, blank=True)
    recorded_at = models.DateTimeField()

    archived_with = ("meeting",)
    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012 — second to ``objects``, which must stay the default

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="huddles_one_pulse_per_person"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="huddles_pulse_1_to_5"),
        ]

    def __str__(self):
        return f"Pulse at meeting {self.meeting_id}"  # never the score: it is its author's alone


class MeetingFeedback(models.Model):
    """One attendee's rating of a meeting after it closed (1–5, and a comment if they like).

    Like the pulse, it is its author's alone: the lead reads a meeting's feedback only as a count, an
    average, a distribution and unattributed comments, and only from three answers on
    (``huddles.feedback``). Nothing reads a row with its author but the author."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="feedback")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = BoundedTextField(blank=True, max_length=NOTE_MAX)
    recorded_at = models.DateTimeField()

    archived_with = ("meeting",)
    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012 — second to ``objects``, which must stay the default

    class Meta:
        verbose_name_plural = "meeting feedback"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="huddles_one_feedback_per_person"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="huddles_feedback_1_to_5"),
        ]

    def __str__(self):
        return f"Feedback on meeting {self.meeting_id}"  # never the rating: it is its author's alone


class FeedbackResponse(models.Model):
    """“You said, we did”: what a huddle's lead changed in response to its feedback, and when; the
    meeting whose feedback prompted it, when there was one."""

    huddle = models.ForeignKey(Huddle, on_delete=models.PROTECT, related_name="feedback_responses")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="feedback_responses"
    )
    text = BoundedTextField(max_length=NOTE_MAX)
    changed_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_on", "-pk"]

    def __str__(self):
        return self.text[:60]


class FlagReply(models.Model):
    """A flag raised from a huddle came back down with a reply: it goes on the next meeting."""

    huddle = models.ForeignKey(Huddle, on_delete=models.PROTECT, related_name="flag_replies")
    flag = models.ForeignKey("andon.Flag", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="flag_replies"
    )
    reply = BoundedTextField(max_length=NOTE_MAX)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Reply on flag {self.flag_id}"


class TeamUptake(models.Model):
    """A team's uptake figures over the last four weeks (``huddles.uptake``), as a job last counted
    them: a leader's home reads sixty teams' rows instead of aggregating four weeks of their work."""

    team = models.OneToOneField(Team, primary_key=True, on_delete=models.CASCADE, related_name="uptake")
    people = models.PositiveIntegerField(default=0)
    cycles_started = models.PositiveIntegerField(default=0)
    cycles_studied = models.PositiveIntegerField(default=0)
    meetings_scheduled = models.PositiveIntegerField(default=0)
    meetings_held = models.PositiveIntegerField(default=0)
    attendances = models.PositiveIntegerField(default=0)
    actions_due = models.PositiveIntegerField(default=0)
    actions_on_time = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField()

    def __str__(self):
        return f"Uptake of team {self.team_id} as of {self.counted_at:%Y-%m-%d %H:%M}"
