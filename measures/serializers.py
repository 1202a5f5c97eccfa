"""Input and output shapes of the focus area, measure, data and chart endpoints. No writes here."""

from __future__ import annotations

import base64
import binascii
from datetime import date

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from measures.data_input import (
    MAX_CSV_BYTES,
    MAX_CSV_ROWS,
    MAX_OBSERVATIONS,
    MULTIPLIERS,
    NOTE_MAX,
    XLSX_ROWS_READ,
    multiplier_problem,
)
from measures.models import DataPoint, FocusArea, Measure, MeasureExclusion, MeasureTarget
from measures.permissions import visible_focus_areas
from playbook import spreadsheets
from playbook.api.serializers import NetworkPersonField, VisibleTeamField
from playbook.dates import window_problem

MAX_BULK_POINTS = MAX_CSV_ROWS  # a bulk POST may carry as many points as a CSV import
MAX_CSV_MB = MAX_CSV_BYTES / 1_000_000
MAX_ANALYZE_VALUES = 100_000
MAX_PHASES = 50


class VisibleFocusAreaField(serializers.PrimaryKeyRelatedField):
    """A focus area the requester may see. Any other id reads as nonexistent, so nothing leaks."""

    def get_queryset(self):
        return visible_focus_areas(self.context["request"].user)


class StrictFloatField(serializers.FloatField):
    """A number; unlike DRF's FloatField it refuses true and false, which float() would take as 1 and 0."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(data)


class BoundedListField(serializers.ListField):
    """Checks the length before checking each item, so an oversized list is refused cheaply."""

    def to_internal_value(self, data):
        if isinstance(data, list) and self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


# --- Focus areas ----------------------------------------------------------------------------------


class FocusAreaSerializer(serializers.ModelSerializer):
    team = VisibleTeamField(help_text="The team whose focus this is. Set when created; it does not change.")
    owner = NetworkPersonField(
        required=False, help_text="Who answers for the aim; a person in the team. Defaults to you."
    )
    aim_sentence = serializers.CharField(read_only=True, help_text="The aim as one sentence.")
    missing_measure_kinds = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Which of outcome, process and balancing measures the aim still lacks.",
    )

    class Meta:
        model = FocusArea
        fields = [
            "id",
            "team",
            "title",
            "problem",
            "aim_what",
            "aim_how_much",
            "aim_by_when",
            "aim_sentence",
            "owner",
            "status",
            "missing_measure_kinds",
            "created_at",
            "closed_at",
        ]
        read_only_fields = ["created_at", "closed_at"]
        validators = []  # services.focus checks the whole focus area

    def validate_team(self, team):
        if self.instance is not None and team.pk != self.instance.team_id:
            raise serializers.ValidationError("A focus area stays in its team; start a new one there.")
        return team


class FocusAreaFilterSerializer(serializers.Serializer):
    team = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=FocusArea.Status.choices, required=False)


# --- Measures -------------------------------------------------------------------------------------


class MeasureTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeasureTarget
        fields = ["starts_on", "value"]
        validators = []  # set_targets names two targets on one date


class MeasureSerializer(serializers.ModelSerializer):
    focus_area = VisibleFocusAreaField(
        help_text="The focus area this measure tells about. Set when created; it does not change."
    )
    phase_dates = BoundedListField(
        child=serializers.DateField(),
        required=False,
        max_length=MAX_PHASES,
        help_text="Dates from which a new phase of the chart starts, each with its own centre line.",
    )
    targets = MeasureTargetSerializer(
        many=True,
        required=False,
        help_text="Each target holds from its date until the next one starts. "
        "Writing the list replaces all the measure's targets.",
    )
    effective_chart_type = serializers.CharField(
        read_only=True, help_text="chart_type, or the default chart for the kind of data when that is blank."
    )

    class Meta:
        model = Measure
        fields = [
            "id",
            "focus_area",
            "name",
            "kind",
            "definition",
            "unit",
            "data_kind",
            "direction",
            "frequency",
            "chart_type",
            "effective_chart_type",
            "baseline",
            "phase_dates",
            "rules",
            "screen_mr",
            "centre",
            "multiplier",
            "targets",
            "data_version",
            "created_at",
        ]
        read_only_fields = ["data_version", "created_at"]
        validators = []  # services.focus checks the whole measure, including its unique name
        extra_kwargs = {
            "data_kind": {
                "help_text": "continuous: one number a period; proportion: numerator of denominator; "
                "rate: events per unit of exposure; count: events a period; subgroup: several values a "
                "period, e.g. one score per pupil (X̄ and S charts); days_between: days between rare "
                "events (T chart); cases_between: opportunities between rare events (G chart). "
                "It cannot change once the measure has data."
            },
            "chart_type": {"help_text": "Must fit data_kind; blank for the kind's default chart."},
            "multiplier": {
                "help_text": f"Proportions and rates only: one of {', '.join(map(str, MULTIPLIERS))} "
                "(1: as a fraction or percentage, 100: per 100, 1000: per 1,000). 1 for other kinds."
            },
        }

    def validate_focus_area(self, focus_area):
        if self.instance is not None and focus_area.pk != self.instance.focus_area_id:
            raise serializers.ValidationError("A measure stays in its focus area.")
        return focus_area

    def validate(self, attrs):
        def current(name, default):
            return attrs.get(name, getattr(self.instance, name, default))

        if problem := multiplier_problem(
            current("data_kind", Measure.DataKind.CONTINUOUS), current("multiplier", 1)
        ):
            raise serializers.ValidationError({"multiplier": problem})
        return attrs


class MeasureFilterSerializer(serializers.Serializer):
    focus_area = serializers.IntegerField(required=False)
    kind = serializers.ChoiceField(choices=Measure.Kind.choices, required=False)


# --- Data points ----------------------------------------------------------------------------------


class DataPointSerializer(serializers.ModelSerializer):
    class Meta:
        model = DataPoint
        fields = [
            "id",
            "measure",
            "period",
            "value",
            "numerator",
            "denominator",
            "observations",
            "note",
            "entered_by",
            "entered_at",
            "updated_by",
            "updated_at",
        ]
        read_only_fields = fields


def observations_field() -> BoundedListField:
    # Empty lists pass here so the measure's own rule (``measures.data_input``) gives the reason.
    return BoundedListField(
        child=StrictFloatField(),
        required=False,
        allow_null=True,
        allow_empty=True,
        max_length=MAX_OBSERVATIONS,
        help_text="Subgroup measures only: the period's values (one per pupil, say), "
        f"1 to {MAX_OBSERVATIONS}.",
    )


class DataPointInputSerializer(serializers.Serializer):
    """One period's data: a value, a numerator and denominator for proportions and rates, or the
    observations of a subgroup measure."""

    period = serializers.DateField(
        help_text="The date the period starts (the day, for daily data), on the measure's rhythm: a weekly "
        "or fortnightly series keeps the weekday it started on (Monday when it has no data yet), a "
        "monthly one starts on the 1st. A period off the rhythm is a 400 with the reason under `period`, "
        "unless a point for it is already stored (then it is a correction)."
    )
    value = StrictFloatField(required=False, allow_null=True)
    numerator = StrictFloatField(required=False, allow_null=True)
    denominator = StrictFloatField(required=False, allow_null=True)
    observations = observations_field()
    note = serializers.CharField(
        required=False, allow_blank=True, default="", trim_whitespace=False, max_length=NOTE_MAX
    )


class DataPointChangeSerializer(serializers.Serializer):
    """What may change in a stored point; the period stays (enter a new point for another period)."""

    value = StrictFloatField(required=False, allow_null=True)
    numerator = StrictFloatField(required=False, allow_null=True)
    denominator = StrictFloatField(required=False, allow_null=True)
    observations = observations_field()
    note = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, max_length=NOTE_MAX)


class CsvImportSerializer(serializers.Serializer):
    csv = serializers.CharField(
        required=False,
        trim_whitespace=False,
        max_length=MAX_CSV_BYTES,
        error_messages={
            "max_length": f"The file is larger than {MAX_CSV_MB:g} MB; split it into smaller files."
        },
        help_text="The file's text. Columns: period and value, or period, numerator and denominator; "
        "note optional. Comma, semicolon or tab separated. For a subgroup measure, one line per value "
        "(period,value again and again): the lines of one period become one point.",
    )
    xlsx = serializers.CharField(
        required=False,
        # base64 makes a file about a third larger
        max_length=MAX_CSV_BYTES * 4 // 3 + 4,
        error_messages={
            "max_length": f"The file is larger than {MAX_CSV_MB:g} MB; split it into smaller files."
        },
        help_text="Instead of `csv`: an Excel workbook (.xlsx) as base64, its first sheet in the same "
        "columns as the CSV.",
    )

    def validate(self, attrs):
        if ("csv" in attrs) == ("xlsx" in attrs):
            raise serializers.ValidationError({"csv": ["Send the file as either `csv` or `xlsx`."]})
        if "xlsx" in attrs:
            try:
                data = base64.b64decode(attrs.pop("xlsx"), validate=True)
            except (binascii.Error, ValueError):
                raise serializers.ValidationError({"xlsx": ["This is not base64."]}) from None
            if not spreadsheets.is_xlsx(data):
                raise serializers.ValidationError({"xlsx": ["This is not an Excel workbook (.xlsx)."]})
            try:
                # The workbook goes on as the CSV its first sheet would save as: one parser for both.
                attrs["csv"] = spreadsheets.workbook_as_csv(
                    data, max_rows=XLSX_ROWS_READ, max_chars=MAX_CSV_BYTES
                )
            except spreadsheets.UnreadableSpreadsheet as problem:
                raise serializers.ValidationError({"xlsx": [str(problem)]}) from None
        return attrs


class ExclusionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeasureExclusion
        fields = ["period", "reason", "created_by", "created_at"]
        read_only_fields = ["created_by", "created_at"]
        extra_kwargs = {
            "period": {"help_text": "One of the measure's periods with data."},
            "reason": {"help_text": "Why the period is left out, e.g. “School closed for snow”."},
        }
        validators = []  # services.exclusions says why a period cannot be left out

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A blank reason gets the service's words, the same as on the page.
        self.fields["reason"].allow_blank = True


class CsvImportOptionsSerializer(serializers.Serializer):
    preview = serializers.BooleanField(
        default=False, help_text="true: check the file and say what each row would do, importing nothing."
    )


class CsvPreviewRowSerializer(serializers.Serializer):
    line = serializers.IntegerField(
        help_text="The line of the file, counting the header as line 1; for a subgroup measure, the "
        "period's first line."
    )
    period = serializers.DateField(allow_null=True, source="point.period")
    value = serializers.FloatField(allow_null=True, source="point.value")
    numerator = serializers.FloatField(allow_null=True, source="point.numerator")
    denominator = serializers.FloatField(allow_null=True, source="point.denominator")
    observations = serializers.ListField(
        child=serializers.FloatField(),
        allow_null=True,
        source="point.observations",
        help_text="Subgroup measures: the values the file's lines for this period gathered.",
    )
    n = serializers.IntegerField(allow_null=True, help_text="Subgroup measures: how many values.")
    mean = serializers.FloatField(allow_null=True, help_text="Subgroup measures: their mean.")
    note = serializers.CharField(source="point.note")
    errors = serializers.ListField(child=serializers.CharField())
    replaces = serializers.BooleanField(help_text="A point for this period is stored and would be replaced.")


class CsvPreviewSerializer(serializers.Serializer):
    ok = serializers.BooleanField(help_text="Every row is good: importing the file would store it all.")
    error_count = serializers.IntegerField()
    problems = serializers.ListField(child=serializers.CharField(), help_text="About the file as a whole.")
    rows = CsvPreviewRowSerializer(many=True)


class CsvImportedSerializer(serializers.Serializer):
    imported = serializers.IntegerField(help_text="How many points were stored (new or replaced).")


# --- Charts ---------------------------------------------------------------------------------------


def _phase_dates(text: str) -> list[str]:
    try:
        dates = {date.fromisoformat(part.strip()) for part in text.split(",") if part.strip()}
    except ValueError:
        raise serializers.ValidationError("Give dates like 2026-03-02, separated by commas.") from None
    if len(dates) > MAX_PHASES:
        raise serializers.ValidationError(f"Give at most {MAX_PHASES} phase dates.")
    for day in dates:
        if problem := window_problem(day):
            raise serializers.ValidationError(problem)
    return [d.isoformat() for d in sorted(dates)]


class ChartOptionsSerializer(serializers.Serializer):
    """Query parameters that ask for a chart drawn otherwise than the measure's own settings."""

    chart_type = serializers.ChoiceField(
        choices=Measure.ChartType.choices,
        required=False,
        help_text="Must fit the measure's kind of data (e.g. no P chart for continuous data).",
    )
    baseline = serializers.IntegerField(
        min_value=0, required=False, help_text="Freeze the lines on the first this many points; 0 for none."
    )
    phases = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_PHASES * 12,  # "2026-03-02," a date
        help_text="Comma-separated ISO dates from which a new phase starts; empty for no phases.",
    )
    screen_mr = serializers.BooleanField(required=False, help_text="Screen out large moving ranges.")
    rules = serializers.ChoiceField(choices=Measure.Rules.choices, required=False)

    def validate_chart_type(self, chart_type):
        measure = self.context["measure"]
        allowed = Measure.CHARTS_FOR_DATA[measure.data_kind]
        if chart_type not in allowed:
            labels = ", ".join(str(Measure.ChartType(c).label) for c in allowed)
            raise serializers.ValidationError(
                f"{measure.get_data_kind_display()} data is drawn as: {labels}."
            )
        return chart_type

    def validate_phases(self, phases):
        return _phase_dates(phases)

    def chart_options(self) -> dict:
        """The given options in the shape ``measures.charts`` keys them by."""
        options = dict(self.validated_data)
        if "phases" in options:
            options["phase_dates"] = options.pop("phases")
        if options.get("baseline") == 0:
            options["baseline"] = None
        return options


@extend_schema_field(
    {
        "oneOf": [{"type": "string", "format": "date"}, {"type": "integer"}],
        "description": "The period's date; in a scratch analysis, the point's number from 1.",
    }
)
class PeriodField(serializers.Field):
    def to_representation(self, value):
        return value


class ChartRunsSerializer(serializers.Serializer):
    longest_run = serializers.IntegerField(allow_null=True, help_text="Useful points in the longest run.")
    longest_run_max = serializers.IntegerField(
        allow_null=True, help_text="A longer run than this signals a shift."
    )
    crossings = serializers.IntegerField(allow_null=True, help_text="Times the line crosses the centre.")
    crossings_min = serializers.IntegerField(allow_null=True, help_text="Fewer crossings than this signal.")
    signal = serializers.BooleanField(help_text="The runs rules found non-random variation.")


class ChartPointSerializer(serializers.Serializer):
    period = PeriodField()
    label = serializers.JSONField(
        required=False,
        help_text="Scratch analysis given periods: the label the subgroup's rows shared "
        "(its period is then its number from 1).",
    )
    value = serializers.FloatField(allow_null=True, help_text="The plotted value (a ratio for P and U).")
    cl = serializers.FloatField(allow_null=True, help_text="Centre line: median (run chart) or mean.")
    ucl = serializers.FloatField(allow_null=True, help_text="Upper control limit; null on a run chart.")
    lcl = serializers.FloatField(allow_null=True, help_text="Lower control limit; null on a run chart.")
    signal = serializers.BooleanField(help_text="The point is part of a signal.")
    excluded = serializers.BooleanField(
        required=False, help_text="Left out of the lines and the runs rules, but still drawn."
    )
    n = serializers.FloatField(
        required=False,
        help_text="Observations in the subgroup (X̄, S), its summed denominator (P, P′, U, U′), "
        "otherwise the rows combined.",
    )
    target = serializers.FloatField(
        allow_null=True, required=False, help_text="The measure's target for the period, if any."
    )


class ChartSignalSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="Which rule fired, e.g. shift, trend, crossings, outside_limits.")
    start = PeriodField()
    end = PeriodField()
    start_index = serializers.IntegerField(help_text="Index of the first point in ``points``.")
    end_index = serializers.IntegerField(help_text="Index of the last point in ``points``.")
    direction = serializers.CharField(
        help_text="improvement, deterioration or neutral, from the measure's desired direction."
    )
    description = serializers.CharField()


@extend_schema_field(
    {
        "oneOf": [
            {"type": "number", "nullable": True},
            {"type": "array", "items": {"type": "number", "nullable": True}},
        ],
        "description": "The centre line: one number for a chart of one phase, one per point for several.",
    }
)
class CentreField(serializers.Field):
    def to_representation(self, value):
        return value


class ChartPhaseSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Index of the phase's first point in ``points``.")
    end = serializers.IntegerField(help_text="Index of the phase's last point.")
    centre = serializers.FloatField(allow_null=True)
    runs = ChartRunsSerializer()


class ChartSerializer(serializers.Serializer):
    """A chart as stored by the last rebuild, or as a scratch analysis computed it."""

    chart_type = serializers.CharField()
    rules = serializers.CharField(required=False, help_text="The rule set the signals come from.")
    direction = serializers.CharField(
        allow_null=True, required=False, help_text="Which way is better (up or down); null if neither."
    )
    n = serializers.IntegerField(allow_null=True, help_text="Points on the chart.")
    n_useful = serializers.IntegerField(
        allow_null=True,
        help_text="Points the runs rules count in the last phase (not missing, not on the centre).",
    )
    centre = CentreField(allow_null=True)
    runs = ChartRunsSerializer(allow_null=True, help_text="The runs analysis of the last phase.")
    phases = ChartPhaseSerializer(many=True, help_text="Each phase has its own centre line, limits and runs.")
    points = ChartPointSerializer(many=True)
    signals = ChartSignalSerializer(many=True)
    mr = serializers.DictField(
        allow_null=True, required=False, help_text="I charts: the last phase's average moving range."
    )
    variation_icon = serializers.ChoiceField(
        choices=[
            "common_cause",
            "improvement_high",
            "improvement_low",
            "concern_high",
            "concern_low",
            "neutral_high",
            "neutral_low",
        ],
        required=False,
        help_text="The NHS variation icon, from the latest point's strongest signal.",
    )
    assurance_icon = serializers.ChoiceField(
        choices=["consistent_pass", "consistent_fail", "inconsistent"],
        allow_null=True,
        required=False,
        help_text="Where the target lies against the latest limits; null without a target, a direction "
        "or limits.",
    )
    warnings = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Plain sentences about how it was drawn."
    )
    multiply = serializers.FloatField(required=False, help_text="The factor the values were scaled by.")
    target = serializers.FloatField(allow_null=True, required=False, help_text="The target given, if any.")
    centre_fixed = serializers.BooleanField(
        required=False, help_text="The centre line was given, not computed."
    )
    excluded = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Indexes (from 0) of the excluded points."
    )
    caption = serializers.CharField(help_text="What the chart says, in plain words.")
    annotations = serializers.ListField(
        child=serializers.DictField(), help_text="Dated marks on the timeline, e.g. PDSA cycles."
    )
    options = serializers.DictField(help_text="The options the chart was drawn with.")
    computed_at = serializers.DateTimeField(allow_null=True, help_text="When the chart was computed.")
    pending = serializers.BooleanField(
        help_text="The chart is missing or older than the data; a rebuild has been asked for."
    )
    error = serializers.CharField(
        allow_blank=True, help_text="Why the last rebuild could not draw the chart with these options."
    )


class AnalyzeSerializer(serializers.Serializer):
    """Data to analyse on the spot, without a measure. Nothing is saved."""

    values = BoundedListField(
        child=StrictFloatField(allow_null=True),
        max_length=MAX_ANALYZE_VALUES,
        help_text="The values in time order; null for a missing one. For P, P′, U and U′ charts, the "
        "numerators; for X̄ and S charts, the observations (rows sharing a period are one subgroup).",
    )
    denominators = BoundedListField(
        child=StrictFloatField(allow_null=True),
        max_length=MAX_ANALYZE_VALUES,
        required=False,
        allow_null=True,
        help_text="One per value, for P, P′, U and U′ charts.",
    )
    periods = BoundedListField(
        child=serializers.JSONField(),
        max_length=MAX_ANALYZE_VALUES,
        required=False,
        allow_null=True,
        help_text="One label per value (all numbers, or all text such as ISO dates). Rows sharing a label "
        "form one subgroup; subgroups are sorted by label. Without it each value is its own point, "
        "numbered from 1.",
    )
    chart_type = serializers.ChoiceField(choices=Measure.ChartType.choices, default=Measure.ChartType.RUN)
    baseline = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text="Freeze the lines on the first this many points (ignored when phases are given).",
    )
    phases = BoundedListField(
        child=serializers.IntegerField(),
        max_length=MAX_PHASES,
        required=False,
        help_text="Numbers (from 1) of the points where a new phase starts.",
    )
    exclude = BoundedListField(
        child=serializers.IntegerField(min_value=1),
        max_length=MAX_ANALYZE_VALUES,
        required=False,
        help_text="Numbers (from 1, after grouping by period) of points left out of the lines and the "
        "runs rules; they are still drawn and can still fall outside the limits.",
    )
    centre = StrictFloatField(
        required=False,
        allow_null=True,
        help_text="A fixed centre line, in the plotted units (after multiply). A T chart ignores it.",
    )
    multiply = serializers.IntegerField(
        min_value=1,
        default=1,
        help_text="Scale P, P′, U and U′ charts, e.g. 100 for per cent; 1 for any other chart.",
    )
    target = StrictFloatField(
        required=False,
        allow_null=True,
        help_text="A target in the plotted units; with a direction it gives the assurance icon.",
    )
    screen_mr = serializers.BooleanField(default=True, help_text="Screen out large moving ranges.")
    rules = serializers.ChoiceField(choices=Measure.Rules.choices, default=Measure.Rules.ANHOEJ)
    direction = serializers.ChoiceField(
        choices=Measure.Direction.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="Which way is better; null to call every signal neutral.",
    )

    def validate_values(self, values):
        if not values:
            raise serializers.ValidationError("Give at least one value.")
        return values

    def validate_periods(self, periods):
        if periods is None:
            return None
        for number, label in enumerate(periods, start=1):
            if isinstance(label, bool) or not isinstance(label, str | int | float):
                raise serializers.ValidationError(f"Period {number} must be a number or text, not {label!r}.")
        return periods

    def validate(self, data):
        n = len(data["values"])
        denominators = data.get("denominators")
        if denominators is not None and len(denominators) != n:
            raise serializers.ValidationError(
                {"denominators": f"Give one denominator per value ({n} values, {len(denominators)} given)."}
            )
        ratio_charts = (Measure.ChartType.P, Measure.ChartType.U, Measure.ChartType.PP, Measure.ChartType.UP)
        if denominators is None and data["chart_type"] in ratio_charts:
            raise serializers.ValidationError(
                {"denominators": "A P or U chart needs a denominator per value."}
            )
        periods = data.get("periods")
        if periods is not None:
            if len(periods) != n:
                raise serializers.ValidationError(
                    {"periods": f"Give one period per value ({n} values, {len(periods)} given)."}
                )
            try:
                n = len(set(periods))  # the points drawn: one per distinct period
            except TypeError:
                raise serializers.ValidationError({"periods": "Give numbers or text as periods."}) from None
        if data.get("baseline") is not None and data["baseline"] > n:
            raise serializers.ValidationError(
                {"baseline": f"The baseline can be at most the {n} points given."}
            )
        phases = sorted(set(data.get("phases") or []))
        if any(not 2 <= p <= n for p in phases):
            raise serializers.ValidationError(
                {"phases": f"A phase starts at a point from 2 to {n}: it needs points on both sides."}
            )
        data["phases"] = phases
        exclude = sorted(set(data.get("exclude") or []))
        if exclude and exclude[-1] > n:
            message = f"Excluded points are numbered from 1 to {n}, the points drawn: not {exclude[-1]}."
            raise serializers.ValidationError({"exclude": message})
        data["exclude"] = exclude
        return data
