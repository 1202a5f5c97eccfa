"""Step 4 and 5 of the method: PDSA cycles, their predictions, what happened, and what was decided.

A cycle moves planning → doing → studying → acting → complete (or is abandoned from any open stage).
Its predictions freeze when it leaves planning: ``Prediction.frozen`` and ``Cycle.predictions_frozen_at``
say so, and ``cycles.services`` refuses every change to what was expected from then on; the rest
of the plan (objective, questions, who, where, start, scale, data) freezes with them, and only the end
date may move, with a reason the cycle's history keeps.

A cycle is archived, never deleted (``playbook.archive``): its predictions, observations, comments and
history go with it, and point at it with ``PROTECT``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from measures.models import FocusArea, Measure
from playbook.archive import Archivable
from playbook.fields import NOTE_MAX, PROSE_MAX, BoundedTextField
from playbook.models import Network, Team

# A change idea whose predictions were met in this many distinct teams is ready to spread, unless the
# network chose another number (CyclesSettings.spread_threshold).
DEFAULT_SPREAD_THRESHOLD = 3


class CyclesSettings(models.Model):
    """The cycles app's settings for one network; a network without a row uses the defaults."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="cycles_settings")
    spread_threshold = models.PositiveSmallIntegerField(
        default=DEFAULT_SPREAD_THRESHOLD,
        validators=[MinValueValidator(1)],
        help_text="In how many distinct teams a change idea must meet its predictions to be ready to spread.",
    )

    class Meta:
        verbose_name = "cycles settings"
        verbose_name_plural = "cycles settings"
        constraints = [
            models.CheckConstraint(condition=Q(spread_threshold__gte=1), name="spread_threshold_at_least_one")
        ]

    def __str__(self):
        return f"Cycles settings of {self.network}"


# When what a cycle taught is dated: its decision, else its last move, else its making.
LEARNED_AT = Coalesce("decided_at", "stage_changed_at", "created_at")


class Cycle(Archivable):
    class Stage(models.TextChoices):
        PLANNING = "planning", "Plan"
        DOING = "doing", "Do"
        STUDYING = "studying", "Study"
        ACTING = "acting", "Act"
        COMPLETE = "complete", "Complete"
        ABANDONED = "abandoned", "Abandoned"

    class Decision(models.TextChoices):
        ADOPT = "adopt", "Adopt"
        ADOPT_AT_SCALE = "adopt_scale", "Adopt and test at larger scale"
        ADAPT = "adapt", "Adapt"
        ABANDON = "abandon", "Abandon"

    class ScaleUnit(models.TextChoices):
        PEOPLE = "people", "people"
        PUPILS = "pupils", "pupils"
        CLASSES = "classes", "classes"
        SESSIONS = "sessions", "sessions"
        LESSONS = "lessons", "lessons"

    OPEN_STAGES = (Stage.PLANNING, Stage.DOING, Stage.STUDYING, Stage.ACTING)
    # The plan the predictions were made against freezes with them when the cycle starts (DESIGN §2,
    # journey 1): a test that went otherwise is a deviation, written in Do, not a rewritten plan. The
    # title is only a label, and the end date may move with a reason the history keeps. Field → words.
    FROZEN_PLAN_FIELDS = {
        "objective": "objective", "questions": "questions", "who": "who", "where": "where",
        "starts_on": "start date", "scale_count": "scale", "scale_unit": "scale", "data_plan": "data plan",
    }  # fmt: skip
    # Decisions that lead to another cycle of the ramp.
    RAMP_DECISIONS = (Decision.ADAPT, Decision.ADOPT_AT_SCALE)

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cycles")
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.PROTECT, related_name="cycles", null=True, blank=True
    )
    change_idea = models.ForeignKey(
        "theory.ChangeIdea", on_delete=models.PROTECT, related_name="cycles", null=True, blank=True
    )
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_cycles")
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="collaborating_cycles", blank=True
    )
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.PLANNING)
    stage_changed_at = models.DateTimeField(null=True, blank=True)

    # Plan
    objective = BoundedTextField(blank=True, help_text="What this test is for.", max_length=PROSE_MAX)
    questions = BoundedTextField(
        blank=True, help_text="The question(s) the test answers, one a line.", max_length=PROSE_MAX
    )
    who = models.CharField(max_length=300, blank=True, help_text="Who carries out the test.")
    where = models.CharField(max_length=300, blank=True, help_text="Where it happens.")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    scale_count = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="How many took part."
    )
    scale_unit = models.CharField(max_length=10, choices=ScaleUnit.choices, blank=True)
    data_plan = BoundedTextField(blank=True, help_text="The data to collect, and how.", max_length=PROSE_MAX)
    predictions_frozen_at = models.DateTimeField(null=True, blank=True)

    # Do
    what_happened = BoundedTextField(blank=True, max_length=PROSE_MAX)
    deviations = BoundedTextField(
        blank=True, help_text="Where what happened departed from the plan.", max_length=PROSE_MAX
    )

    # Act
    decision = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    decision_reasoning = BoundedTextField(blank=True, max_length=PROSE_MAX)
    next_steps = BoundedTextField(blank=True, max_length=PROSE_MAX)
    decided_at = models.DateTimeField(null=True, blank=True)

    abandoned_reason = BoundedTextField(blank=True, max_length=PROSE_MAX)

    # The previous cycle of the ramp (a cycle has at most one next cycle) and the cycle a plan was
    # copied from, possibly another team's.
    ramp_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="ramp_next"
    )
    adapted_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="adaptations"
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by a PostgreSQL trigger from the text above (see the *_learning_search_index migration);
    # "What we learned" (playbook.learnings) searches and ranks by it. Empty on SQLite.
    search_document = SearchVectorField(
        null=True,
        editable=False,
        help_text="The text's full-text document, kept by a PostgreSQL trigger (empty on SQLite).",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["team", "stage"], name="cycle_team_stage_idx"),
            models.Index(fields=["stage", "ends_on"], name="cycle_stage_ends_idx"),
            # The moment a cycle's learning is dated by (``LEARNED_AT``): the learning search walks it
            # newest first and stops at its window, instead of sorting every match of a common word.
            models.Index(LEARNED_AT, name="cycle_learned_at_idx"),
            # The cycle list's order within each of its runs (``selectors.list_page``): the finished
            # ones, and the open ones (a few hundred of a network's thousands) in an index of their own
            # (Meta cannot see ``OPEN_STAGES``; ``test_the_open_index_names_the_open_stages`` holds them).
            models.Index(
                "ends_on", F("created_at").desc(), F("id").desc(),
                name="cycle_list_order_idx", condition=Q(archived_at=None),
            ),
            models.Index(
                "ends_on", F("created_at").desc(), F("id").desc(),
                name="cycle_open_order_idx",
                condition=Q(archived_at=None, stage__in=["planning", "doing", "studying", "acting"]),
            ),
            # The API's list, newest first.
            models.Index(
                F("created_at").desc(), F("id").desc(), name="cycle_newest_idx", condition=Q(archived_at=None)
            ),
        ]  # fmt: skip
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="cycle_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(stage="planning") | Q(predictions_frozen_at__isnull=False) | Q(stage="abandoned"),
                name="cycle_predictions_frozen_after_planning",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cycle-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES

    @property
    def predictions_frozen(self) -> bool:
        return self.predictions_frozen_at is not None

    @property
    def scale_text(self) -> str:
        if self.scale_count is None:
            return ""
        return f"{self.scale_count} {self.get_scale_unit_display() or ''}".strip()

    def is_overdue(self, today) -> bool:
        """Its end date has passed and nobody has studied it yet."""
        return (
            self.ends_on is not None
            and self.ends_on < today
            and self.stage in (self.Stage.PLANNING, self.Stage.DOING)
        )


class Prediction(models.Model):
    """What the team expects the test to show, written before it starts and frozen when it does."""

    class Direction(models.TextChoices):
        UP = "up", "goes up"
        DOWN = "down", "goes down"
        SAME = "same", "stays the same"

    class Outcome(models.TextChoices):
        MET = "met", "Met"
        PARTLY_MET = "partly_met", "Partly met"
        NOT_MET = "not_met", "Not met"

    PLAN_FIELDS = ("statement", "measure", "expected_value", "expected_direction")
    STUDY_FIELDS = ("actual", "outcome", "study_note")

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="predictions")
    position = models.PositiveSmallIntegerField(default=0)
    statement = BoundedTextField(max_length=NOTE_MAX)
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="predictions", null=True, blank=True
    )
    expected_value = models.FloatField(null=True, blank=True)
    expected_direction = models.CharField(max_length=4, choices=Direction.choices, blank=True)

    # Study
    actual = BoundedTextField(blank=True, help_text="What actually happened.", max_length=NOTE_MAX)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    study_note = BoundedTextField(blank=True, max_length=NOTE_MAX)
    studied_at = models.DateTimeField(null=True, blank=True)
    studied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_value__isnull=True) | Q(measure__isnull=False),
                name="prediction_expected_value_needs_a_measure",
            ),
            models.CheckConstraint(
                condition=Q(expected_direction="") | Q(measure__isnull=False),
                name="prediction_expected_direction_needs_a_measure",
            ),
        ]

    def __str__(self):
        return self.statement[:80]

    @property
    def studied(self) -> bool:
        return bool(self.outcome)

    @property
    def expectation(self) -> str:
        """The measure part of the prediction in words, e.g. "Words a minute goes up to 55"."""
        if self.measure_id is None:
            return ""
        parts = [self.measure.name]
        if self.expected_direction:
            parts.append(self.get_expected_direction_display())
        if self.expected_value is not None:
            value = f"{self.expected_value:g}"
            parts.append(f"to {value}" if self.expected_direction in ("up", "down") else f"≈ {value}")
        return " ".join(parts)


class Observation(models.Model):
    """Something noticed while the test ran, on the day it was noticed."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="observations")
    observed_on = models.DateField()
    text = BoundedTextField(max_length=NOTE_MAX)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "observed_on", "id"]

    def __str__(self):
        return f"{self.observed_on}: {self.text[:60]}"


class CycleEvent(models.Model):
    """The cycle's history: who moved it, froze its predictions, copied or decided it, and when."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        TRANSITION = "transition", "Moved"
        DECIDED = "decided", "Decided"
        RAMP = "ramp", "Next cycle started"
        REVIEW_REQUESTED = "review_requested", "Review requested"
        PHASE_CONFIRMED = "phase_confirmed", "Phase confirmed"
        END_MOVED = "end_moved", "End date moved"
        ARCHIVED = "archived", "Archived"
        RESTORED = "restored", "Restored"

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_stage = models.CharField(max_length=10, choices=Cycle.Stage.choices, blank=True)
    to_stage = models.CharField(max_length=10, choices=Cycle.Stage.choices, blank=True)
    note = BoundedTextField(blank=True, max_length=NOTE_MAX)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["cycle", "at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.from_stage}→{self.to_stage} at {self.at:%Y-%m-%d %H:%M}"


class ReviewRequest(models.Model):
    """Someone (a lead, a coach) asked to look over a plan before it starts."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="review_requests")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cycle", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "reviewer"],
                condition=Q(answered_at__isnull=True),
                name="one_open_review_request_per_reviewer",
            )
        ]

    def __str__(self):
        return f"Review of {self.cycle} by {self.reviewer}"


class CycleComment(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = BoundedTextField(max_length=NOTE_MAX)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["cycle", "created_at", "id"]

    def __str__(self):
        return self.body[:60]


class CycleReminder(models.Model):
    """An overdue reminder sent; the unique (cycle, date) makes a second run on the same day a no-op."""

    # The reminder job's own record, not the cycle's history (and cycles are archived, never deleted).
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "sent_on"], name="one_reminder_per_cycle_a_day")
        ]

    def __str__(self):
        return f"Reminder for {self.cycle} on {self.sent_on}"


class CycleFlag(models.Model):
    """An andon flag raised from this cycle's page. The cycles app keeps the link (andon knows no cycles).
    Neither a cycle nor a flag is ever deleted (both are archived), so the link is kept too."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="flag_links")
    flag = models.OneToOneField("andon.Flag", on_delete=models.PROTECT, related_name="cycle_link")

    class Meta:
        ordering = ["cycle", "flag"]

    def __str__(self):
        return f"Flag {self.flag_id} from cycle {self.cycle_id}"


class LearningGoal(models.Model):
    """One goal of a network's (or a cluster's) learning agenda for a period.

    It names the focus areas and change ideas that serve it; its progress is read from their cycles,
    never typed in.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="learning_goals")
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="learning_goals",
        help_text="The hub or cluster it belongs to.",
    )
    title = models.CharField(max_length=200)
    description = BoundedTextField(blank=True, max_length=PROSE_MAX)
    starts_on = models.DateField()
    ends_on = models.DateField()
    focus_areas = models.ManyToManyField(FocusArea, blank=True, related_name="learning_goals")
    change_ideas = models.ManyToManyField("theory.ChangeIdea", blank=True, related_name="learning_goals")
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team", "position", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="learning_goal_ends_after_it_starts"
            )
        ]

    def __str__(self):
        return self.title


class StoryLink(models.Model):
    """A revocable address that opens a focus area's story to people outside the network, signed out.

    Only the SHA-256 of the token is kept (as an invitation's is): the maker sees the address once, and
    a copy of the database opens no story. Revoking shuts it at once; a revoked link is kept, so the
    focus area's page can say who shared its story and when.
    """

    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="story_links")
    token_hash = models.CharField(max_length=64, unique=True)
    hide_names = models.BooleanField(
        default=True, help_text="Replace every person's name with a word for their part in the work."
    )
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["focus_area", "-created_at", "-id"]

    def __str__(self):
        return f"Story link of {self.focus_area} made {self.created_at:%Y-%m-%d}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None

    @property
    def team_id(self):
        return self.focus_area.team_id
