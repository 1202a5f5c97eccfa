"""Step 1 of the method: a focus area with its aim, the measures that tell, and their data.

These tables were born in the core app; they keep their ``playbook_*`` names so that moving the
models here changed no row (see migration 0001).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from measures.data_input import Rhythm
from playbook.archive import Archivable
from playbook.fields import PROSE_MAX, SYSTEM_MAX, BoundedTextField
from playbook.models import Network, Team


class FocusArea(models.Model):
    """Where a team chose to improve, and the aim it set itself: what, how much, by when."""

    class Status(models.TextChoices):
        EXPLORING = "exploring", "Exploring"
        ACTIVE = "active", "Active"
        SUSTAINING = "sustaining", "Sustaining"
        CLOSED = "closed", "Closed"

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="focus_areas")
    title = models.CharField(max_length=200)
    problem = BoundedTextField(help_text="The problem as the data shows it.", max_length=PROSE_MAX)
    aim_what = models.CharField(
        "aim: what",
        max_length=300,
        help_text="e.g. “Raise the share of Year 4 pupils reading at age-expected level”",
    )
    aim_how_much = models.CharField("aim: how much", max_length=200, help_text="e.g. “from 62% to 80%”")
    aim_by_when = models.DateField("aim: by when")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_focus_areas"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.EXPLORING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "playbook_focusarea"
        ordering = ["team__name", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("focus-area-detail", args=[self.pk])

    @property
    def aim_sentence(self) -> str:
        what = self.aim_what.strip().rstrip(".")
        return f"{what} {self.aim_how_much.strip()} by {self.aim_by_when:%-d %B %Y}."

    def missing_measure_kinds(self, measures=None) -> list[str]:
        """Which of outcome, process and balancing measures the aim still lacks."""
        measures = self.measures.all() if measures is None else measures
        present = {m.kind for m in measures}
        return [kind for kind in Measure.Kind.values if kind not in present]


class Measure(models.Model):
    class Kind(models.TextChoices):
        OUTCOME = "outcome", "Outcome"
        PROCESS = "process", "Process"
        BALANCING = "balancing", "Balancing"

    class DataKind(models.TextChoices):
        CONTINUOUS = "continuous", "Continuous (a number per period)"
        PROPORTION = "proportion", "Proportion (numerator of denominator)"
        RATE = "rate", "Rate per exposure (events per unit)"
        COUNT = "count", "Count (events per period)"
        SUBGROUP = "subgroup", "Several values per period (e.g. one score per pupil)"
        DAYS_BETWEEN = "days_between", "Days between rare events"
        CASES_BETWEEN = "cases_between", "Opportunities between rare events"

    class Direction(models.TextChoices):
        UP = "up", "Higher is better"
        DOWN = "down", "Lower is better"

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"
        FORTNIGHTLY = "fortnightly", "Fortnightly"
        MONTHLY = "monthly", "Monthly"
        TERMLY = "termly", "Termly"

    class ChartType(models.TextChoices):
        RUN = "run", "Run chart"
        I = "i", "I chart (individuals)"  # noqa: E741 — the name SPC texts use
        P = "p", "P chart (proportions)"
        U = "u", "U chart (rates)"
        C = "c", "C chart (counts)"
        MR = "mr", "MR chart (moving ranges)"
        XBAR = "xbar", "X̄ chart (subgroup means)"
        S = "s", "S chart (subgroup spread)"
        PP = "pp", "P′ chart (Laney, large denominators)"
        UP = "up", "U′ chart (Laney, large denominators)"
        G = "g", "G chart (opportunities between events)"
        T = "t", "T chart (time between events)"

    class Rules(models.TextChoices):
        ANHOEJ = "anhoej", "Anhøj rules"
        IHI = "ihi", "IHI run chart rules"
        NHS = "nhs", "NHS Making Data Count"

    # Which chart each kind of data may use; the first is the default.
    CHARTS_FOR_DATA = {
        DataKind.CONTINUOUS: (ChartType.RUN, ChartType.I, ChartType.MR),
        DataKind.PROPORTION: (ChartType.P, ChartType.PP, ChartType.RUN),
        DataKind.RATE: (ChartType.U, ChartType.UP, ChartType.RUN),
        DataKind.COUNT: (ChartType.C, ChartType.RUN),
        # Subgroup means on a run or I chart (values averaged per period, as qicharts2 does).
        DataKind.SUBGROUP: (ChartType.XBAR, ChartType.S, ChartType.RUN, ChartType.I),
        DataKind.DAYS_BETWEEN: (ChartType.T, ChartType.RUN, ChartType.I),
        DataKind.CASES_BETWEEN: (ChartType.G, ChartType.RUN),
    }

    # PROTECT: a measure carries its data's history; a focus area with measures is closed, not deleted.
    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="measures")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    definition = BoundedTextField(
        "operational definition",
        help_text="Exactly what is counted, from which source, and how.",
        max_length=PROSE_MAX,
    )
    unit = models.CharField(max_length=50, blank=True, help_text="e.g. %, pupils, minutes")
    data_kind = models.CharField(max_length=16, choices=DataKind.choices, default=DataKind.CONTINUOUS)
    direction = models.CharField(max_length=4, choices=Direction.choices, default=Direction.UP)
    frequency = models.CharField(max_length=12, choices=Frequency.choices, default=Frequency.WEEKLY)
    # How the stored chart is drawn; blank chart_type means the default for the data kind.
    chart_type = models.CharField(max_length=4, choices=ChartType.choices, blank=True)
    baseline = models.PositiveIntegerField(
        null=True, blank=True, help_text="Freeze the centre line (and limits) on the first this many points."
    )
    phase_dates = models.JSONField(
        default=list, blank=True, help_text="Dates from which a new phase starts (ISO dates)."
    )
    rules = models.CharField(max_length=8, choices=Rules.choices, default=Rules.ANHOEJ)
    screen_mr = models.BooleanField("screen large moving ranges", default=True)
    centre = models.FloatField(
        "fixed centre line",
        null=True,
        blank=True,
        help_text="A centre line you set (e.g. last year's mean) instead of one computed from the data.",
    )
    multiplier = models.PositiveIntegerField(
        default=1,
        help_text="Show proportions and rates per this many (100: per 100 pupils; 1000: per 1,000 sessions).",
    )
    shared_measure = models.ForeignKey(
        "measures.SharedMeasure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adoptions",
        help_text="The hub's or cluster's shared measure this one adopts, if any.",
    )
    # Bumped by every data change; a stored chart built from an older version is stale.
    data_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "playbook_measure"
        ordering = ["focus_area", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["focus_area", "name"], name="measure_name_unique_in_focus_area"),
            models.UniqueConstraint(
                fields=["focus_area", "shared_measure"],
                condition=Q(shared_measure__isnull=False),
                name="shared_measure_adopted_once_per_focus_area",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("measure-detail", args=[self.pk])

    @property
    def team_id(self):
        return self.focus_area.team_id

    @property
    def uses_denominator(self) -> bool:
        return self.data_kind in (self.DataKind.PROPORTION, self.DataKind.RATE)

    @property
    def uses_observations(self) -> bool:
        """Each period holds several values (a subgroup), e.g. one reading score per pupil."""
        return self.data_kind == self.DataKind.SUBGROUP

    def rhythm(self) -> Rhythm:
        """When this measure's periods start (one query: the series' first period)."""
        first = self.data_points.order_by("period").values_list("period", flat=True).first()
        return Rhythm(self.frequency, first)

    @property
    def effective_chart_type(self) -> str:
        return self.chart_type or self.CHARTS_FOR_DATA[self.data_kind][0]

    def clean(self):
        if self.chart_type and self.chart_type not in self.CHARTS_FOR_DATA[self.data_kind]:
            allowed = ", ".join(str(self.ChartType(c).label) for c in self.CHARTS_FOR_DATA[self.data_kind])
            raise ValidationError(
                {"chart_type": f"{self.get_data_kind_display()} data is drawn as: {allowed}."}
            )


class SharedMeasure(models.Model):
    """A measure a hub or cluster defines once, for teams to adopt into their focus areas.

    Adopting makes a team ``Measure`` with these settings and ``shared_measure`` pointing here, so
    every team's data stays its own while leaders compare and roll them up.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="shared_measures")
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="shared_measures",
        help_text="The hub or cluster that owns it.",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Measure.Kind.choices, default=Measure.Kind.OUTCOME)
    definition = BoundedTextField(
        "operational definition",
        help_text="Exactly what is counted, from which source, and how.",
        max_length=PROSE_MAX,
    )
    unit = models.CharField(max_length=50, blank=True)
    data_kind = models.CharField(
        max_length=16, choices=Measure.DataKind.choices, default=Measure.DataKind.PROPORTION
    )
    direction = models.CharField(
        max_length=4, choices=Measure.Direction.choices, default=Measure.Direction.UP
    )
    frequency = models.CharField(
        max_length=12, choices=Measure.Frequency.choices, default=Measure.Frequency.WEEKLY
    )
    chart_type = models.CharField(max_length=4, choices=Measure.ChartType.choices, blank=True)
    multiplier = models.PositiveIntegerField(default=1)
    target = models.FloatField(null=True, blank=True, help_text="In the measure's plotted units.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["network", "name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="shared_measure_name_unique_in_network")
        ]

    def __str__(self):
        return self.name

    @property
    def effective_chart_type(self) -> str:
        return self.chart_type or Measure.CHARTS_FOR_DATA[self.data_kind][0]


class ProgressScoreOverride(models.Model):
    """A leader's override of a focus area's evidence-based progress score, with the reason.

    Rows are never changed or deleted: the latest one applies, and a row whose ``score`` is empty
    hands the focus area back to the score its evidence gives.
    """

    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="progress_overrides")
    score = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    reason = BoundedTextField(max_length=PROSE_MAX)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["focus_area", "-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0.5, score__lte=5.0),
                name="progress_override_on_the_scale",
            )
        ]

    def __str__(self):
        return f"{self.focus_area}: {self.score if self.score is not None else 'evidence'}"


class MeasureTarget(models.Model):
    """The goal a measure aims for, from a date on; a later target replaces an earlier one."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    value = models.FloatField()
    starts_on = models.DateField()

    class Meta:
        db_table = "playbook_measuretarget"
        ordering = ["measure", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "starts_on"], name="one_target_per_measure_and_date")
        ]

    def __str__(self):
        return f"{self.value} from {self.starts_on}"


# A point holds exactly one of: a value, a numerator over a denominator, or a subgroup's observations.
ONE_KIND_OF_VALUE = (
    (
        Q(value__isnull=False)
        & Q(numerator__isnull=True)
        & Q(denominator__isnull=True)
        & Q(observations__isnull=True)
    )
    | (
        Q(value__isnull=True)
        & Q(numerator__isnull=False)
        & Q(denominator__isnull=False)
        & Q(observations__isnull=True)
    )
    | (
        Q(value__isnull=True)
        & Q(numerator__isnull=True)
        & Q(denominator__isnull=True)
        & Q(observations__isnull=False)
    )
)


def plotted_value(point) -> float:
    """The number a run chart of the point shows: its value, its ratio, or its observations' mean."""
    if point.value is not None:
        return point.value
    if point.observations:
        return sum(point.observations) / len(point.observations)
    return point.numerator / point.denominator


class DataPoint(Archivable):
    """One period's value of a measure: a number, or a numerator over a denominator.

    Deleting a point archives it (``playbook.archive``): charts, lists and exports leave it out, the
    record and its revisions stay, and the period is free for a new point.
    """

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="data_points")
    period = models.DateField(help_text="The date the period starts (or the day, for daily data).")
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    # A subgroup measure's values for the period (one per pupil, say), in the order entered.
    observations = models.JSONField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "playbook_datapoint"
        ordering = ["measure", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period"],
                condition=Q(archived_at__isnull=True),
                name="one_live_point_per_measure_and_period",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0), name="denominator_positive"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0), name="numerator_not_negative"
            ),
            models.CheckConstraint(condition=ONE_KIND_OF_VALUE, name="value_fraction_or_observations"),
        ]

    def __str__(self):
        return f"{self.measure}: {self.period}"

    @property
    def plotted_value(self) -> float:
        return plotted_value(self)


class MeasureExclusion(models.Model):
    """A period left out of a measure's centre line, limits and runs analysis, still drawn (CHART_RULES
    §3.1): the week the school was closed. The reason is shown wherever the exclusion is."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="exclusions")
    period = models.DateField(help_text="The start date of the period left out.")
    reason = models.CharField(max_length=200, help_text="e.g. “School closed for snow”")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="one_exclusion_per_measure_and_period")
        ]

    def __str__(self):
        return f"{self.measure}: {self.period} excluded ({self.reason})"


class PupilGroup(models.Model):
    """A group of pupils a network breaks its measures down by: one value of one dimension, such as
    “Eligible” for “Free school meals”. Each network keeps its own list."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="pupil_groups")
    dimension = models.CharField(max_length=80, help_text="e.g. Free school meals, English learners")
    name = models.CharField(max_length=80, help_text="e.g. Eligible, Not eligible")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["network", "dimension", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "dimension", "name"], name="pupil_group_unique_in_network"
            )
        ]

    def __str__(self):
        return f"{self.dimension}: {self.name}"


class GroupPoint(Archivable):
    """One period's value of a measure for one pupil group, shaped like the measure's own points.

    ``pupils`` is how many pupils the value is about, which decides whether it may be shown: a group
    smaller than the network's threshold is suppressed so no child can be identified. For a subgroup
    measure it is the number of observations; otherwise it is given with the value.
    """

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="group_points")
    group = models.ForeignKey(PupilGroup, on_delete=models.PROTECT, related_name="points")
    period = models.DateField()
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    observations = models.JSONField(null=True, blank=True)
    pupils = models.PositiveIntegerField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "group", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "group", "period"],
                condition=Q(archived_at__isnull=True),
                name="one_live_group_point_per_period",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="group_point_denominator_positive",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0),
                name="group_point_numerator_not_negative",
            ),
            models.CheckConstraint(condition=ONE_KIND_OF_VALUE, name="group_point_one_kind_of_value"),
        ]

    def __str__(self):
        return f"{self.measure} / {self.group}: {self.period}"

    @property
    def plotted_value(self) -> float:
        return plotted_value(self)


class DataPointRevision(models.Model):
    """What a data point said before someone changed it, and who changed it when."""

    data_point = models.ForeignKey(DataPoint, on_delete=models.PROTECT, related_name="revisions")
    value = models.FloatField(null=True)
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    observations = models.JSONField(null=True)
    note = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        db_table = "playbook_datapointrevision"
        ordering = ["data_point", "-changed_at"]

    def __str__(self):
        return f"{self.data_point} before {self.changed_at:%Y-%m-%d %H:%M}"


class StoredChart(models.Model):
    """A measure's chart as the last rebuild left it. Pages read this; they never compute."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="stored_charts")
    # "default" is the measure's own settings; other variants are keyed by their options.
    variant = models.CharField(max_length=64, default="default")
    options = models.JSONField(default=dict)
    result = models.JSONField(null=True)
    built_version = models.IntegerField(default=-1)
    computed_at = models.DateTimeField(null=True)
    error = BoundedTextField(blank=True, max_length=SYSTEM_MAX)
    # A compact summary of ``result``, written with it (``measures.glance.summary_of``), so the
    # at-a-glance table and home panels read a few columns of 1,200 rows, never 1,200 result JSONs.
    latest_value = models.FloatField(null=True, blank=True)
    latest_period = models.DateField(null=True, blank=True)
    variation_icon = models.CharField(max_length=20, blank=True)
    assurance_icon = models.CharField(max_length=20, blank=True)
    # The improvement or deterioration signal the latest point is part of, if any, and since when.
    signal_direction = models.CharField(max_length=16, blank=True)
    signal_since = models.DateField(null=True, blank=True)
    # When a rebuild first saw that signal: what makes it "new" on a lead's home page.
    signal_noticed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "playbook_storedchart"
        constraints = [
            models.UniqueConstraint(fields=["measure", "variant"], name="one_stored_chart_per_variant")
        ]

    def __str__(self):
        return f"{self.measure} ({self.variant})"

    def is_built_from(self, data_version: int) -> bool:
        """Built from the measure's data as it stands at ``data_version`` (or later)."""
        return self.built_version >= data_version


def chart_state(stored: StoredChart | None, measure: Measure) -> str:
    """What a page says about a stored chart: the one place that decides whether it is current.

    ``fresh`` (built from today's data), ``failed`` (built, but the options no longer fit the data),
    ``empty`` (nothing was ever entered or changed, so no rebuild is on its way) or ``updating``.
    """
    if stored is not None and stored.is_built_from(measure.data_version):
        return "fresh" if stored.result is not None else "failed"
    if stored is None and measure.data_version == 0:
        return "empty"
    return "updating"
