"""The theory of improvement (steps 2 and 3 of the method): 5 Whys, fishbone and driver diagrams.

Every node carries its focus area, so a rule, a link check or a history query never has to climb a
chain of parents to learn whose theory it is. Positions order siblings; gaps are harmless.

Change ideas are what PDSA cycles test: the cycles app points at ``ChangeIdea`` (PROTECT) and keeps
its ``status`` up to date through ``theory.services.set_testing_status``.

Nothing here is edited in place by views: ``theory.services`` writes, checks permission and appends a
``TheoryEvent`` for every change, so a diagram can be rebuilt as it stood on any past date.

That is why parts of a diagram still cascade with the part they hang from (a driver's links, a
cause's sub-causes and votes): taking a node off a diagram is an edit, and the events keep it. The
events themselves, the focus area and the people are ``PROTECT``: nothing deletes the history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from measures.models import FocusArea
from playbook.fields import PROSE_MAX, BoundedTextField

TEXT_MAX = 300


class FocusAreaPart(models.Model):
    # PROTECT throughout: a focus area is closed, never deleted from under its theory and its history.
    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def team_id(self):
        return self.focus_area.team_id


# --- 5 Whys ------------------------------------------------------------------------------------------


class WhyAnalysis(FocusAreaPart):
    """A problem statement and the chains of "why?" → "because" that lead from it to root causes."""

    problem = models.CharField(max_length=TEXT_MAX)
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="why_analyses", blank=True)

    class Meta:
        ordering = ["focus_area", "created_at", "id"]
        verbose_name_plural = "why analyses"

    def __str__(self):
        return self.problem


class WhyChain(FocusAreaPart):
    analysis = models.ForeignKey(WhyAnalysis, on_delete=models.CASCADE, related_name="chains")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["analysis", "position", "id"]

    def __str__(self):
        return f"Chain {self.position + 1} of {self.analysis}"


class WhyStep(FocusAreaPart):
    """One "why?" and its "because". A chain's root cause is always its last step."""

    chain = models.ForeignKey(WhyChain, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    why = models.CharField(max_length=TEXT_MAX)
    because = models.CharField(max_length=TEXT_MAX)
    is_root_cause = models.BooleanField(default=False)

    class Meta:
        ordering = ["chain", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain"], condition=Q(is_root_cause=True), name="one_root_cause_per_why_chain"
            )
        ]

    def __str__(self):
        return self.because


# --- Fishbone ----------------------------------------------------------------------------------------


class Fishbone(models.Model):
    """An Ishikawa diagram: the effect at the head, categories of causes along the spine."""

    DEFAULT_CATEGORIES = (
        "People",
        "Practices and methods",
        "Curriculum and materials",
        "Policies",
        "Place and environment",
        "Measurement",
    )

    focus_area = models.OneToOneField(FocusArea, on_delete=models.PROTECT, related_name="fishbone")
    effect = models.CharField(max_length=TEXT_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.effect

    @property
    def team_id(self):
        return self.focus_area.team_id


class FishboneCategory(FocusAreaPart):
    fishbone = models.ForeignKey(Fishbone, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["fishbone", "position", "id"]
        verbose_name_plural = "fishbone categories"
        constraints = [
            models.UniqueConstraint(fields=["fishbone", "name"], name="fishbone_category_name_unique")
        ]

    def __str__(self):
        return self.name


class Cause(FocusAreaPart):
    """A cause on a fishbone bone, or a sub-cause of one (one level deep, as the diagram draws it)."""

    category = models.ForeignKey(FishboneCategory, on_delete=models.CASCADE, related_name="causes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, related_name="sub_causes", null=True, blank=True
    )
    text = models.CharField(max_length=TEXT_MAX)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="cause_not_own_parent")
        ]

    def __str__(self):
        return self.text


class CauseVote(models.Model):
    """Someone believes this cause matters. One vote per person per cause."""

    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="+")
    # Taking a cause off the fishbone takes its votes (the theory's history records both); a person
    # who leaves is deactivated, so their votes still count.
    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cause", "voter"], name="one_vote_per_cause_and_person")
        ]

    def __str__(self):
        return f"{self.voter} → {self.cause}"


# --- Driver diagram ----------------------------------------------------------------------------------


class Driver(FocusAreaPart):
    """What must change to reach the aim. Primary drivers serve the aim; secondary drivers serve
    primary ones; change ideas serve secondary ones."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", "Primary driver"
        SECONDARY = "secondary", "Secondary driver"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField(max_length=TEXT_MAX)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["focus_area", "kind", "position", "id"]

    def __str__(self):
        return self.text


class DriverLink(models.Model):
    """A secondary driver predicted to move a primary one. Many to many: a secondary may serve two."""

    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="+")
    primary = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="secondary_links")
    secondary = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="primary_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["primary", "secondary"], name="driver_link_unique"),
            models.CheckConstraint(
                condition=~Q(primary=models.F("secondary")), name="driver_link_not_to_itself"
            ),
        ]

    def __str__(self):
        return f"{self.secondary} → {self.primary}"

    @property
    def team_id(self):
        return self.focus_area.team_id


class ChangeIdea(models.Model):
    class TestingStatus(models.TextChoices):
        NOT_TESTED = "not_tested", "Not tested"
        TESTING = "testing", "Testing"
        ADAPTING = "adapting", "Adapting"
        ADOPTED = "adopted", "Adopted"
        ABANDONED = "abandoned", "Abandoned"
        READY_TO_SPREAD = "ready_to_spread", "Ready to spread"

    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="change_ideas")
    title = models.CharField(max_length=200)
    description = BoundedTextField(blank=True, max_length=PROSE_MAX)
    # Kept up to date by the cycles that test the idea; never typed in by hand.
    status = models.CharField(max_length=16, choices=TestingStatus.choices, default=TestingStatus.NOT_TESTED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # The secondary drivers the idea is predicted to move; a change idea may serve two.
    drivers = models.ManyToManyField(
        Driver, through="ChangeIdeaLink", related_name="change_ideas", blank=True
    )

    class Meta:
        ordering = ["focus_area", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["focus_area", "title"], name="change_idea_title_unique_in_focus_area"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def team_id(self):
        return self.focus_area.team_id


class ChangeIdeaLink(models.Model):
    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="+")
    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="idea_links")
    change_idea = models.ForeignKey(ChangeIdea, on_delete=models.CASCADE, related_name="driver_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["driver", "change_idea"], name="change_idea_link_unique")
        ]

    def __str__(self):
        return f"{self.change_idea} → {self.driver}"

    @property
    def team_id(self):
        return self.focus_area.team_id


class RootCauseLink(models.Model):
    """A root cause (the end of a 5 Whys chain, or a fishbone cause) and the driver that addresses it."""

    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="+")
    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="root_cause_links")
    why_step = models.ForeignKey(
        WhyStep, on_delete=models.CASCADE, related_name="driver_links", null=True, blank=True
    )
    cause = models.ForeignKey(
        Cause, on_delete=models.CASCADE, related_name="driver_links", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(why_step__isnull=True, cause__isnull=False)
                | Q(why_step__isnull=False, cause__isnull=True),
                name="root_cause_link_names_one_cause",
            ),
            models.UniqueConstraint(
                fields=["driver", "why_step"],
                condition=Q(why_step__isnull=False),
                name="root_cause_link_why_unique",
            ),
            models.UniqueConstraint(
                fields=["driver", "cause"],
                condition=Q(cause__isnull=False),
                name="root_cause_link_cause_unique",
            ),
        ]

    def __str__(self):
        return f"{self.why_step or self.cause} → {self.driver}"

    @property
    def team_id(self):
        return self.focus_area.team_id

    @property
    def root_cause(self):
        return self.why_step if self.why_step_id else self.cause


# --- History -----------------------------------------------------------------------------------------


class TheoryEvent(models.Model):
    """One change to a focus area's theory: who, when, what, and the node before and after.

    Append-only. ``after`` is the whole node as it was left (``theory.history.snapshot``), so the
    state at any moment is the last event of each node up to then; a ``deleted`` event removes it.
    """

    class Diagram(models.TextChoices):
        WHYS = "whys", "5 Whys"
        FISHBONE = "fishbone", "Fishbone"
        DRIVERS = "drivers", "Driver diagram"

    class Action(models.TextChoices):
        CREATED = "created", "Added"
        CHANGED = "changed", "Changed"
        MOVED = "moved", "Moved"
        DELETED = "deleted", "Deleted"
        ARCHIVED = "archived", "Archived"
        RESTORED = "restored", "Restored"
        STATUS = "status", "Testing status"

    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="theory_events")
    diagram = models.CharField(max_length=10, choices=Diagram.choices)
    action = models.CharField(max_length=10, choices=Action.choices)
    node_kind = models.CharField(max_length=20)
    node_id = models.BigIntegerField()
    summary = models.CharField(max_length=500)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["focus_area", "diagram", "at"], name="theory_event_replay_idx")]

    def __str__(self):
        return self.summary

    @property
    def team_id(self):
        return self.focus_area.team_id
