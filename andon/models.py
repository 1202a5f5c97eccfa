"""Andon: flags anyone can raise, the history of each, and the network's escalation policy.

A flag is held by one team at a time: first the team it was raised in, then, when that team misses
a deadline, the team above it. Each stretch with one team is a *hold* (``FlagHold``), numbered from 1;
the flag's ``hold`` is the number of the current one. A flag leaves a hold at most once, and the
database says so: one move event per (flag, hold), one hold row per (flag, number). That is what
makes the escalation job exactly-once whatever runs it, and however often.

A flag is archived, never deleted (``playbook.archive``): an archived flag leaves every list, the
dashboard's figures and the escalation job, and its holds and events stay with it (``PROTECT``), as
do the names of everyone who acted on it.
"""

from datetime import time, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from andon.calendar import MONDAY_TO_FRIDAY, Rule
from measures.models import FocusArea
from playbook.archive import Archivable
from playbook.fields import NOTE_MAX, PROSE_MAX, BoundedTextField
from playbook.models import Network, Team


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


SEVERITY_RANK = {Severity.CRITICAL: 0, Severity.HIGH: 1, Severity.MEDIUM: 2, Severity.LOW: 3}

# Issue 7's defaults: how long the holding team has to acknowledge, and to resolve.
DEFAULT_RULES = {
    Severity.CRITICAL: Rule(timedelta(hours=1), timedelta(hours=4)),
    Severity.HIGH: Rule(timedelta(hours=4), timedelta(days=1)),
    Severity.MEDIUM: Rule(timedelta(days=1), timedelta(days=3)),
    Severity.LOW: Rule(timedelta(days=3), timedelta(days=7)),
}


# The rows of a flag table that are still being worked on: the condition of its open-flag indexes.
OPEN_FLAG = Q(archived_at__isnull=True) & ~Q(status="resolved")


class Flag(Archivable):
    class Category(models.TextChoices):
        MISALIGNMENT = "misalignment", "Strategy and practice out of line"
        RESOURCES = "resources", "Resources"
        WELLBEING = "wellbeing", "Wellbeing or safety"
        PROCESS = "process", "Process"
        OPPORTUNITY = "opportunity", "Opportunity"
        OTHER = "other", "Other"

    Severity = Severity

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESOLVED = "resolved", "Resolved"

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="andon_flags")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="andon_flags", help_text="The team the flag concerns."
    )
    holding_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="andon_flags_held")
    title = models.CharField(max_length=200)
    description = BoundedTextField("what is happening", max_length=PROSE_MAX)
    category = models.CharField(max_length=16, choices=Category.choices, default=Category.OTHER)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.OPEN)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="andon_flags_raised"
    )
    raised_at = models.DateTimeField()
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="andon_flags_assigned",
    )
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.SET_NULL, null=True, blank=True, related_name="andon_flags"
    )
    # What a flag came from (a cycle, a huddle meeting) is kept by the app it came from, which tells
    # andon through ``andon.sources``: andon sits below those apps and knows none of them.

    # The current hold: since when this team has had it, and its two deadlines.
    hold = models.PositiveIntegerField(default=1)
    held_since = models.DateTimeField()
    acknowledge_by = models.DateTimeField()
    resolve_by = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # The deadline the escalation job watches: acknowledge_by while open, resolve_by once
    # acknowledged; none once resolved, or once overdue at the top of the tree.
    next_escalation_at = models.DateTimeField(null=True, blank=True)
    overdue_since = models.DateTimeField(null=True, blank=True)

    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution = BoundedTextField(blank=True, max_length=PROSE_MAX)
    learning = BoundedTextField("what was learned", blank=True, max_length=PROSE_MAX)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by a PostgreSQL trigger from the text above (see the *_learning_search_index migration);
    # "What we learned" (playbook.learnings) searches and ranks by it. Empty on SQLite.
    search_document = SearchVectorField(
        null=True,
        editable=False,
        help_text="The text's full-text document, kept by a PostgreSQL trigger (empty on SQLite).",
    )

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [
            # The escalation job's one question: which flags are due now?
            models.Index(
                fields=["next_escalation_at", "id"],
                condition=Q(next_escalation_at__isnull=False),
                name="andon_flag_due_idx",
            ),
            models.Index(fields=["holding_team", "status"], name="andon_flag_holder_idx"),
            models.Index(fields=["network", "raised_at"], name="andon_flag_raised_idx"),
            models.Index(fields=["network", "resolved_at"], name="andon_flag_resolved_idx"),
            # Open flags are a fifth of the table and the question leaders ask most: the newest a team
            # holds, and how many of them sit where (counted from the index alone, on PostgreSQL).
            models.Index(
                F("holding_team"),
                F("held_since").desc(),
                condition=OPEN_FLAG,
                name="andon_flag_open_held_idx",
            ),
            models.Index(
                fields=["network", "holding_team"],
                include=["id", "team", "overdue_since", "raised_by", "assignee"],
                condition=OPEN_FLAG,
                name="andon_flag_open_count_idx",
            ),
            # The dashboard and the flag API list open flags oldest first: read in that order and
            # stop after a page, instead of walking every flag the network ever raised by age.
            models.Index(
                fields=["network", "raised_at", "id"], condition=OPEN_FLAG, name="andon_flag_open_age_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="resolved")
                | (Q(resolved_at__isnull=False) & ~Q(resolution="") & ~Q(learning="")),
                name="andon_resolved_flag_has_resolution_and_learning",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | Q(next_escalation_at__isnull=True),
                name="andon_resolved_flag_does_not_escalate",
            ),
            models.CheckConstraint(condition=Q(hold__gte=1), name="andon_flag_hold_from_one"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("andon-flag-detail", args=[self.pk])

    @property
    def is_resolved(self) -> bool:
        return self.status == self.Status.RESOLVED

    @property
    def next_deadline(self) -> str | None:
        """Which deadline ``next_escalation_at`` is: "acknowledge" or "resolve"."""
        if self.next_escalation_at is None:
            return None
        return "acknowledge" if self.status == self.Status.OPEN else "resolve"

    @property
    def is_overdue(self) -> bool:
        return self.overdue_since is not None and not self.is_resolved


class FlagHold(models.Model):
    """One stretch of a flag with one team. The response figures per tier count these."""

    class Arrival(models.TextChoices):
        RAISED = "raised", "Raised"
        ESCALATED = "escalated", "Escalated"
        SENT_DOWN = "sent_down", "Sent back down"
        REOPENED = "reopened", "Reopened"

    class Outcome(models.TextChoices):
        HELD = "", "Still held"
        ESCALATED = "escalated", "Escalated"
        # Held only inside one pass of the escalation job, which climbed the flag past this team
        # because the next deadline had passed too (the job was down, or the deadlines were short).
        PASSED = "passed", "Passed through"
        SENT_DOWN = "sent_down", "Sent back down"
        RESOLVED = "resolved", "Resolved"

    # Holds that ended with the flag climbing, whether the team had it for a while or it passed through.
    CLIMBED = (Outcome.ESCALATED, Outcome.PASSED)

    flag = models.ForeignKey(Flag, on_delete=models.PROTECT, related_name="holds")
    seq = models.PositiveIntegerField()
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    tier = models.CharField(max_length=10, choices=Team.Kind.choices)
    arrived_by = models.CharField(max_length=10, choices=Arrival.choices)
    started_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")

    class Meta:
        ordering = ["flag", "seq"]
        constraints = [
            # A hold is entered once: a second escalation for the same missed deadline cannot insert.
            models.UniqueConstraint(fields=["flag", "seq"], name="andon_one_hold_per_number"),
        ]
        indexes = [
            models.Index(fields=["tier", "started_at"], name="andon_hold_tier_idx"),
            # The few holds a flag climbed past in one pass, by team: "passed through" is a lookup.
            models.Index(fields=["team"], condition=Q(outcome="passed"), name="andon_hold_passed_idx"),
        ]

    def __str__(self):
        return f"{self.flag_id} hold {self.seq} at {self.team_id}"


class FlagEvent(models.Model):
    """One line of a flag's history. Comments are events too."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Raised"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        ASSIGNED = "assigned", "Assigned"
        COMMENTED = "commented", "Commented"
        ESCALATED = "escalated", "Escalated"
        SENT_DOWN = "sent_down", "Sent back down"
        OVERDUE = "overdue", "Marked overdue"
        RESOLVED = "resolved", "Resolved"
        REOPENED = "reopened", "Reopened"
        ARCHIVED = "archived", "Archived"
        RESTORED = "restored", "Restored"

    MOVES = (Kind.ESCALATED, Kind.SENT_DOWN)

    flag = models.ForeignKey(Flag, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hold = models.PositiveIntegerField(help_text="The hold it happened in; for a move, the hold it ended.")
    automatic = models.BooleanField(default=False, help_text="Done by the escalation job, not a person.")
    from_team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    deadline = models.CharField(
        max_length=12, blank=True, help_text="acknowledge or resolve: which was missed"
    )
    due_at = models.DateTimeField(null=True, blank=True, help_text="When the missed deadline fell.")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = BoundedTextField(
        blank=True, help_text="The comment, reason, reply or resolution.", max_length=NOTE_MAX
    )

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            # The escalation job's guarantee: one move per hold, whatever runs twice.
            models.UniqueConstraint(
                fields=["flag", "hold"],
                condition=Q(kind__in=["escalated", "sent_down"]),
                name="andon_one_move_per_hold",
            ),
            models.UniqueConstraint(
                fields=["flag", "hold"], condition=Q(kind="overdue"), name="andon_one_overdue_mark_per_hold"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["escalated", "sent_down"])
                | Q(from_team__isnull=False, to_team__isnull=False),
                name="andon_move_names_both_teams",
            ),
            models.CheckConstraint(
                condition=Q(automatic=False) | Q(by__isnull=True), name="andon_automatic_event_has_no_author"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.flag_id} at {self.at:%Y-%m-%d %H:%M}"


class EscalationPolicy(models.Model):
    """The network's rule for one severity: how long each holding team has before the flag climbs."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="escalation_policies")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    acknowledge_within = models.DurationField(help_text="Whole days count working days; hours working hours.")
    resolve_within = models.DurationField()
    count_every_hour = models.BooleanField(
        default=False, help_text="Count every hour of every day, not only working time."
    )

    class Meta:
        ordering = ["network", "severity"]
        verbose_name_plural = "escalation policies"
        constraints = [
            models.UniqueConstraint(fields=["network", "severity"], name="andon_one_policy_per_severity"),
            models.CheckConstraint(
                condition=Q(acknowledge_within__gte=timedelta(minutes=1))
                & Q(resolve_within__gte=timedelta(minutes=1)),
                name="andon_policy_deadlines_positive",
            ),
        ]

    def __str__(self):
        return f"{self.network}: {self.get_severity_display()}"

    def as_rule(self) -> Rule:
        return Rule(self.acknowledge_within, self.resolve_within, self.count_every_hour)


class WorkingHours(models.Model):
    """The network's working week and day, in its time zone. Missing means Monday–Friday 08:00–17:00."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="working_hours")
    weekdays = models.CharField(
        max_length=7,
        default="".join(str(d) for d in sorted(MONDAY_TO_FRIDAY)),
        help_text="Working weekdays as digits, 0 = Monday … 6 = Sunday.",
    )
    day_starts = models.TimeField(default=time(8, 0))
    day_ends = models.TimeField(default=time(17, 0))

    class Meta:
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(day_starts__lt=models.F("day_ends")), name="andon_day_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.network}: {self.day_starts:%H:%M}–{self.day_ends:%H:%M}"

    @property
    def weekday_set(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.weekdays if d.isdigit() and int(d) < 7)


class ClosedPeriod(models.Model):
    """A holiday or a school break: no working time, so no deadline runs."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "Holiday"
        SCHOOL_BREAK = "break", "School break"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="closed_periods")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.HOLIDAY)
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The last closed day.")

    class Meta:
        ordering = ["network", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="andon_period_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.starts_on} – {self.ends_on})"


class EscalationRun(models.Model):
    """One pass of the escalation job: when, as of which moment, and what it moved."""

    as_of = models.DateTimeField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    flags = models.PositiveIntegerField(default=0, help_text="Flags that moved or were marked overdue.")
    steps = models.PositiveIntegerField(default=0, help_text="Levels climbed plus overdue marks.")
    batches = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"Escalation run as of {self.as_of:%Y-%m-%d %H:%M}: {self.steps} steps"
