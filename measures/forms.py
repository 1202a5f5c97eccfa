"""Input shapes for the focus-area, measure, data and chart pages.

Rules about data (what a proportion may hold, duplicate periods…) live in ``measures.data_input``
and the services, so a form here only turns text into values and says which text was not one.
"""

from __future__ import annotations

import math
import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from measures.data_input import (
    MAX_CSV_BYTES,
    MAX_OBSERVATIONS,
    NOTE_MAX,
    XLSX_ROWS_READ,
    Rhythm,
    multiplier_problem,
    parse_date,
    parse_number,
    parse_observations,
)
from measures.models import FocusArea, Measure
from playbook import spreadsheets
from playbook.dates import window_problem
from playbook.models import Team, User
from playbook.setup_forms import PersonChoiceField

MAX_UPLOAD_BYTES = MAX_CSV_BYTES
# Rhythms whose periods are few enough to choose from a list; daily and termly dates are typed.
PICKED_RHYTHMS = ("weekly", "fortnightly", "monthly")
MAX_SCRATCH_POINTS = 5000
NUMBER_MAX = 40  # a number or a date typed into one box
LIST_MAX = 2_000  # a short list typed into one box: phase dates, targets, point numbers
# A pasted column of numbers: MAX_SCRATCH_POINTS lines of two numbers each, with room to spare.
PASTED_NUMBERS_MAX = MAX_SCRATCH_POINTS * 2 * NUMBER_MAX
_SEPARATORS = re.compile(r"[,;\t ]+")
# A period's values in one box: every value a number of NUMBER_MAX characters and a separator.
OBSERVATIONS_TEXT_MAX = MAX_OBSERVATIONS * (NUMBER_MAX + 1)


def _date(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise ValidationError(f"{exc}.") from None


def _number(text: str, label: str) -> float | None:
    try:
        return parse_number(text, label)
    except ValueError as exc:
        raise ValidationError(f"{exc}.") from None


class PeriodSelect(forms.Select):
    """A select of periods drawn in Python: Django's widget templates render every option through the
    template engine, which at a hundred periods cost the measure page more than all else on it.
    Plain (value, label) choices only, no groups."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, mark_safe(" selected") if str(v) in chosen else "", label) for v, label in self.choices),
        )
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(attrs), options)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# --- Focus areas ---------------------------------------------------------------------------------------


class FocusAreaForm(forms.Form):
    """A focus area's aim and who owns it; ``teams`` is given only when the team is still to be chosen."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)
    title = forms.CharField(max_length=FocusArea._meta.get_field("title").max_length)
    problem = forms.CharField(
        widget=forms.Textarea,
        max_length=FocusArea._meta.get_field("problem").max_length,
        help_text=FocusArea._meta.get_field("problem").help_text,
    )
    aim_what = forms.CharField(
        label="Aim: what",
        max_length=FocusArea._meta.get_field("aim_what").max_length,
        help_text=FocusArea._meta.get_field("aim_what").help_text,
    )
    aim_how_much = forms.CharField(
        label="Aim: how much",
        max_length=FocusArea._meta.get_field("aim_how_much").max_length,
        help_text=FocusArea._meta.get_field("aim_how_much").help_text,
    )
    aim_by_when = forms.DateField(label="Aim: by when", widget=DateInput(), input_formats=["%Y-%m-%d"])
    owner = PersonChoiceField(queryset=User.objects.none(), empty_label=None)
    status = forms.ChoiceField(choices=FocusArea.Status.choices, initial=FocusArea.Status.EXPLORING)

    def __init__(self, *args, people, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        if teams is None:
            del self.fields["team"]
        else:  # a new focus area starts open; closing is a step of its own
            self.fields["team"].queryset = teams
            self.fields["status"].choices = [
                (value, label)
                for value, label in FocusArea.Status.choices
                if value != FocusArea.Status.CLOSED
            ]


class FocusAreaFilterForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, empty_label="All your teams")
    status = forms.ChoiceField(
        choices=[("", "Open"), *FocusArea.Status.choices, ("all", "All, closed too")], required=False
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


# --- Measures ---------------------------------------------------------------------------------------------


def _field(name):
    return Measure._meta.get_field(name)


# One line each on what the kind of data is and how it is drawn, shown under the choice.
DATA_KIND_HELP = {
    Measure.DataKind.CONTINUOUS: "One number per period, e.g. the average words read a minute.",
    Measure.DataKind.PROPORTION: "How many of how many, e.g. pupils on time of pupils on roll.",
    Measure.DataKind.RATE: "Events per unit of exposure, e.g. incidents per 100 lessons taught.",
    Measure.DataKind.COUNT: "How many times something happened in the period.",
    Measure.DataKind.SUBGROUP: "Several values each period, e.g. one probe score per pupil: "
    "drawn as the mean (X̄ chart) and the spread (S chart).",
    Measure.DataKind.DAYS_BETWEEN: "For rare events such as exclusions: the days since the last one, "
    "entered each time one happens (T chart).",
    Measure.DataKind.CASES_BETWEEN: "For rare events: how many lessons, pupils or days passed without one "
    "before it happened (G chart).",
}
MULTIPLIER_CHOICES = [(1, "As a fraction or percentage"), (100, "Per 100"), (1000, "Per 1,000")]
FRACTION_KINDS = (Measure.DataKind.PROPORTION, Measure.DataKind.RATE)


def _chart_choices(data_kind: str | None) -> list:
    """The chart types a measure may use: its kind's when the kind is known, else grouped by kind."""
    default = ("", "Default for the kind of data")
    if data_kind in Measure.CHARTS_FOR_DATA:
        return [default, *((c, Measure.ChartType(c).label) for c in Measure.CHARTS_FOR_DATA[data_kind])]
    groups = [
        (f"For {Measure.DataKind(kind).label.split(' (')[0].lower()} data", [
            (c, Measure.ChartType(c).label) for c in charts
        ])
        for kind, charts in Measure.CHARTS_FOR_DATA.items()
    ]  # fmt: skip
    return [default, *groups]


class MeasureForm(forms.Form):
    name = forms.CharField(max_length=_field("name").max_length)
    kind = forms.ChoiceField(
        choices=Measure.Kind.choices,
        help_text="Outcome: is the aim met? Process: do the changes happen as planned? "
        "Balancing: does something else get worse?",
    )
    definition = forms.CharField(
        label="Operational definition",
        widget=forms.Textarea,
        max_length=_field("definition").max_length,
        help_text=_field("definition").help_text,
    )
    unit = forms.CharField(
        max_length=_field("unit").max_length, required=False, help_text=_field("unit").help_text
    )
    data_kind = forms.ChoiceField(
        label="Kind of data",
        choices=[(kind, label) for kind, label in Measure.DataKind.choices],
        widget=forms.RadioSelect(attrs={"class": "choice-list"}),
        initial=Measure.DataKind.CONTINUOUS,
    )
    direction = forms.ChoiceField(choices=Measure.Direction.choices)
    frequency = forms.ChoiceField(choices=Measure.Frequency.choices, initial=Measure.Frequency.WEEKLY)
    chart_type = forms.ChoiceField(
        choices=_chart_choices(None),
        required=False,
        help_text="By default the first chart listed for the kind of data: a run chart for continuous data, "
        "a P chart for proportions, an X̄ chart for several values per period, a T chart for days between.",
    )
    centre = forms.FloatField(
        label="Fixed centre line (optional)",
        required=False,
        help_text=_field("centre").help_text,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    multiplier = forms.TypedChoiceField(
        label="Show proportions and rates",
        choices=MULTIPLIER_CHOICES,
        coerce=int,
        initial=1,
        required=False,
        empty_value=1,
        help_text="For proportions and rates only; other kinds of data are shown as entered.",
    )
    baseline = forms.IntegerField(min_value=1, required=False, help_text=_field("baseline").help_text)
    phase_dates = forms.CharField(
        required=False,
        max_length=LIST_MAX,
        help_text="Dates a new phase starts, e.g. when a change was introduced: 2026-03-02, 2026-04-20.",
    )
    rules = forms.ChoiceField(label="Rules for signals", choices=Measure.Rules.choices)
    screen_mr = forms.BooleanField(
        label="Screen large moving ranges",
        required=False,
        initial=True,
        help_text="Leave out unusually large jumps when working out I chart limits.",
    )
    targets = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=LIST_MAX,
        help_text="One target a line: the date it applies from and the value, e.g. 2026-09-01 80.",
    )

    def __init__(self, *args, data_kind_fixed=False, shared_fields=(), shared_name="", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["data_kind"]
        field.choices = [
            (kind, _KindLabel(label, DATA_KIND_HELP[kind])) for kind, label in Measure.DataKind.choices
        ]
        if data_kind_fixed:
            field.disabled = True
            field.help_text = "Fixed once the measure has data."
        # Once the kind of data is fixed, only its charts are offered.
        # Otherwise all are offered, grouped by kind, and clean() names the ones that fit.
        self.fields["chart_type"].choices = _chart_choices(
            self.initial.get("data_kind") if data_kind_fixed else None
        )
        # An adopted measure's definition is the shared one's: shown, not edited here.
        for name in shared_fields:
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = f"Kept by the shared measure “{shared_name}”, for every team."

    def clean(self):
        cleaned = super().clean()
        data_kind, chart_type = cleaned.get("data_kind"), cleaned.get("chart_type")
        if data_kind in Measure.CHARTS_FOR_DATA and chart_type:
            try:
                Measure(data_kind=data_kind, chart_type=chart_type).clean()
            except ValidationError as error:
                self.add_error("chart_type", error.message_dict["chart_type"])
        if data_kind and (problem := multiplier_problem(data_kind, cleaned.get("multiplier"))):
            self.add_error("multiplier", problem)
        return cleaned

    def clean_phase_dates(self):
        dates = []
        for text in _SEPARATORS.split(self.cleaned_data["phase_dates"].strip()):
            if text:
                try:
                    dates.append(date.fromisoformat(text))
                except ValueError:
                    raise ValidationError(f"“{text}” is not a date; write dates as 2026-03-02.") from None
        return dates

    def clean_targets(self):
        targets, problems = [], []
        for number, line in enumerate(self.cleaned_data["targets"].splitlines(), start=1):
            parts = _SEPARATORS.split(line.strip())
            if parts == [""]:
                continue
            if len(parts) != 2:
                problems.append(f"Line {number}: write a date and a value, e.g. 2026-09-01 80.")
                continue
            try:
                targets.append((parse_date(parts[0]), parse_number(parts[1], "Target")))
            except ValueError as exc:
                problems.append(f"Line {number}: {exc}.")
        if problems:
            raise ValidationError(problems)
        return targets

    def measure_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "targets"}


class _KindLabel(str):
    """A data kind's name with its one-line explanation, rendered on two lines of the radio's label."""

    def __new__(cls, label, explanation):
        text = super().__new__(cls, label)
        text.explanation = explanation
        return text

    def __html__(self):
        from django.utils.html import format_html

        return format_html('<span>{}<br><small class="help">{}</small></span>', str(self), self.explanation)


def targets_text(targets) -> str:
    return "\n".join(f"{t.starts_on.isoformat()} {t.value:g}" for t in targets)


# --- Data points -----------------------------------------------------------------------------------------


# What the one number of a rare-event measure is, said on its box.
RARE_EVENT_VALUES = {
    Measure.DataKind.DAYS_BETWEEN: (
        "Days since the event before",
        "More than 0; enter it when an event happens.",
    ),
    Measure.DataKind.CASES_BETWEEN: (
        "Opportunities since the event before",
        "A whole number: the lessons, pupils or days without one before this event.",
    ),
}


class PointForm(forms.Form):
    """One period's data. Fields a measure does not take are removed, so only the right boxes show.

    Given the series' ``rhythm`` (``Measure.rhythm()``), a weekly, fortnightly or monthly period is
    chosen from the recent periods of the series (``filled`` ones are marked) and a date off the rhythm
    is refused, unless it is already stored (then it is a correction). ``for_measure`` builds all that
    from a measure.
    """

    PICKED_PERIODS = 26  # half a year of weeks, two years of months: older data goes in the grid or a CSV

    period = forms.CharField(
        widget=DateInput(), max_length=NUMBER_MAX, help_text="The date the period starts."
    )
    value = forms.CharField(required=False, max_length=NUMBER_MAX)
    numerator = forms.CharField(required=False, max_length=NUMBER_MAX)
    denominator = forms.CharField(required=False, max_length=NUMBER_MAX)
    observations = forms.CharField(
        label="Scores, one per pupil (spaces, commas or new lines)",
        required=False,
        max_length=OBSERVATIONS_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false", "inputmode": "decimal"}),
        help_text="Paste a column from a spreadsheet as it is.",
    )
    note = forms.CharField(max_length=NOTE_MAX, required=False)

    def __init__(
        self,
        *args,
        uses_denominator: bool,
        uses_observations: bool = False,
        rhythm: Rhythm | None = None,
        filled=(),
        today=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.rhythm, self.filled = rhythm, set(filled)
        if uses_observations:
            unused = ("value", "numerator", "denominator")
        else:
            unused = (
                ("value", "observations")
                if uses_denominator
                else ("numerator", "denominator", "observations")
            )
        for name in unused:
            del self.fields[name]
        for name in ("value", "numerator", "denominator"):
            if name in self.fields:
                self.fields[name].widget.attrs["inputmode"] = "decimal"
        if rhythm is not None and today is not None and rhythm.frequency in PICKED_RHYTHMS:
            self._pick_period_from(rhythm, today)

    @classmethod
    def for_measure(cls, measure: Measure, *args, today: date, filled=None, **kwargs) -> PointForm:
        """The form for ``measure``: its data kind's boxes, its periods to choose from (one query, none
        when the caller has the measure's ``filled`` periods already)."""
        if filled is None:
            filled = measure.data_points.values_list("period", flat=True)
        filled = set(filled)
        form = cls(
            *args,
            uses_denominator=measure.uses_denominator,
            uses_observations=measure.uses_observations,
            rhythm=Rhythm(measure.frequency, min(filled, default=None)),  # as ``Measure.rhythm()``
            filled=filled,
            today=today,
            **kwargs,
        )
        if measure.data_kind in RARE_EVENT_VALUES and "value" in form.fields:
            form.fields["value"].label, form.fields["value"].help_text = RARE_EVENT_VALUES[measure.data_kind]
        return form

    def default_period(self, today: date) -> date | None:
        """The latest period, not in the future, that has no data yet."""
        return self.rhythm.default_period(today, self.filled) if self.rhythm is not None else None

    def _pick_period_from(self, rhythm: Rhythm, today: date) -> None:
        periods = rhythm.recent(today, self.PICKED_PERIODS)
        shown = self.data.get(self.add_prefix("period")) if self.is_bound else self.initial.get("period")
        try:
            wanted = parse_date(str(shown)) if shown else None
        except ValueError:
            wanted = None
        if wanted is not None and wanted not in periods:
            periods = sorted({*periods, wanted}, reverse=True)
        choices = [
            (p.isoformat(), f"{rhythm.label(p)}{' (has data)' if p in self.filled else ''}") for p in periods
        ]
        field = self.fields["period"]
        field.widget = PeriodSelect(choices=choices)
        field.help_text = "Periods that already have data are marked; choosing one corrects it."

    def clean_period(self):
        text = self.cleaned_data["period"]
        day = _date(text) if text.strip() else None
        if day is not None and self.rhythm is not None and day not in self.filled:
            # The window's reason first, as the service gives it; then the rhythm's.
            problem = window_problem(day) or self.rhythm.problem(day)
            if problem:
                raise ValidationError(problem)
        return day

    def _clean_number(self, name):
        return _number(self.cleaned_data[name], name.capitalize())

    def clean_value(self):
        return self._clean_number("value")

    def clean_numerator(self):
        return self._clean_number("numerator")

    def clean_denominator(self):
        return self._clean_number("denominator")

    def clean_observations(self):
        text = self.cleaned_data["observations"]
        if not text.strip():
            return None  # the service says a subgroup needs values, as it does for every way in
        try:
            return parse_observations(text)
        except ValueError as exc:
            raise ValidationError(f"{exc}.") from None

    def has_data(self) -> bool:
        """Whether the person typed anything besides the (often suggested) period."""
        return any(
            self.cleaned_data.get(n) not in (None, "")
            for n in ("value", "numerator", "denominator", "observations", "note")
        )

    def values(self) -> dict:
        names = ("period", "value", "numerator", "denominator", "observations", "note")
        return {n: self.cleaned_data.get(n) for n in names}


class GridRowForm(PointForm):
    """A row of the data grid: empty rows are allowed and skipped, so the period is optional here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].required = False
        self.fields["period"].widget = forms.TextInput(attrs={"placeholder": "2026-03-02"})
        if "observations" in self.fields:  # one cell holds the period's values, as pasted
            self.fields["observations"].widget = forms.TextInput(
                attrs={"placeholder": "31 28 35", "spellcheck": "false"}
            )
        for name, field in self.fields.items():
            field.widget.attrs["aria-label"] = "Scores" if name == "observations" else name.capitalize()


class BaseGridFormSet(forms.BaseFormSet):
    def __init__(self, *args, uses_denominator, uses_observations=False, **kwargs):
        self.uses_denominator, self.uses_observations = uses_denominator, uses_observations
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"uses_denominator": self.uses_denominator, "uses_observations": self.uses_observations}


# Bounded, so a doctored TOTAL_FORMS cannot make the server build thousands of forms.
GridFormSet = forms.formset_factory(
    GridRowForm, formset=BaseGridFormSet, extra=0, max_num=300, absolute_max=300, validate_max=True
)


# --- Periods left out of the limits ----------------------------------------------------------------


class ExclusionForm(forms.Form):
    """Leave one of the measure's periods out of its limits; ``periods`` are those with data."""

    period = forms.TypedChoiceField(
        label="Period",
        widget=PeriodSelect,
        coerce=date.fromisoformat,
        help_text="It stays on the chart, marked, with your reason.",
    )
    reason = forms.CharField(
        max_length=200, help_text="e.g. “School closed for snow”. Shown wherever the period is."
    )

    def __init__(self, *args, periods, rhythm: Rhythm | None = None, excluded=(), **kwargs):
        super().__init__(*args, **kwargs)
        label = rhythm.label if rhythm is not None else (lambda p: f"{p:%-d %b %Y}")
        self.fields["period"].choices = [
            (p.isoformat(), label(p)) for p in sorted(periods, reverse=True) if p not in set(excluded)
        ]


# --- CSV upload ----------------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        required=False,
        label="CSV or Excel file",
        help_text="Up to 1 MB: an Excel workbook (.xlsx, its first sheet) or a CSV saved as UTF-8.",
    )
    pasted = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        strip=False,
        label="…or paste the data",
        help_text="Copy the columns from your spreadsheet, header row included.",
        max_length=MAX_UPLOAD_BYTES,
        error_messages={"max_length": "That is more than can be pasted at once: upload a file, or split it."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            # Rounded up, so a file just over the limit never reads as "1.0 MB; up to 1 MB".
            size = math.ceil(upload.size / 100_000) / 10
            limit = MAX_UPLOAD_BYTES / 1_000_000
            raise ValidationError(
                f"The file is {size:.1f} MB; files up to {limit:g} MB can be uploaded. "
                "Split it into smaller files."
            )
        data = upload.read()
        if spreadsheets.is_xlsx(data):
            # A workbook travels on as the CSV its first sheet would save as, so the preview, the
            # confirmation and the import are the same for both formats.
            try:
                return spreadsheets.workbook_as_csv(data, max_rows=XLSX_ROWS_READ, max_chars=MAX_UPLOAD_BYTES)
            except spreadsheets.UnreadableSpreadsheet as problem:
                raise ValidationError(str(problem)) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = "\x00"
        if "\x00" in text:  # an older spreadsheet format, or another encoding, read as if it were text
            raise ValidationError(
                "The file is not UTF-8 text or an Excel workbook (.xlsx). In your spreadsheet use "
                "“Save as… Excel workbook” or “CSV UTF-8” and upload that."
            )
        return text

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not (cleaned.get("pasted") or "").strip():
            raise ValidationError("Choose a CSV or Excel file, or paste the data.")
        return cleaned

    @property
    def text(self) -> str:
        return self.cleaned_data.get("file") or self.cleaned_data.get("pasted") or ""


class ConfirmImportForm(forms.Form):
    # The file travels back with the confirmation and is checked again, so an edited copy gains nothing.
    csv_text = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=MAX_UPLOAD_BYTES)


# --- Reflection and the scratch pad ----------------------------------------------------------------------


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, measure):
        return f"{measure.name} ({measure.get_kind_display().lower()})"


class ReflectionForm(forms.Form):
    measure = MeasureChoiceField(
        queryset=Measure.objects.none(), required=False, empty_label="— choose a measure —", label="Measure"
    )
    x = MeasureChoiceField(
        queryset=Measure.objects.none(), required=False, empty_label="— choose —", label="Across (x)"
    )
    y = MeasureChoiceField(
        queryset=Measure.objects.none(), required=False, empty_label="— choose —", label="Up (y)"
    )

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("measure", "x", "y"):
            self.fields[name].queryset = measures


def _numbers(text: str, label: str) -> list[list[float]]:
    """Each non-blank line of ``text`` as its numbers; the errors name the line."""
    rows, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [p for p in _SEPARATORS.split(line.strip()) if p]
        if not parts:
            continue
        try:
            rows.append([parse_number(p, label) for p in parts])
        except ValueError as exc:
            problems.append(f"Line {number}: {exc}.")
    if problems:
        raise ValidationError(problems)
    return rows


class ScratchpadForm(forms.Form):
    """Numbers pasted from a spreadsheet, and how to chart them; nothing is saved."""

    values = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        max_length=PASTED_NUMBERS_MAX,
        label="Your numbers",
        help_text="One number a line, in time order. For proportions or rates paste two columns: "
        "numerator and denominator.",
    )
    denominators = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        required=False,
        max_length=PASTED_NUMBERS_MAX,
        label="Denominators (optional)",
        help_text="Or put the denominators here, one a line, in the same order.",
    )
    periods = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        required=False,
        max_length=PASTED_NUMBERS_MAX,
        label="Period labels (optional)",
        help_text="One a line beside each number: dates (2026-01-05) or numbers. Lines sharing a label "
        "form one subgroup, e.g. one week's scores for an X̄ chart.",
    )
    chart_type = forms.ChoiceField(choices=Measure.ChartType.choices, initial=Measure.ChartType.RUN)
    rules = forms.ChoiceField(label="Rules for signals", choices=Measure.Rules.choices)
    direction = forms.ChoiceField(choices=Measure.Direction.choices)
    baseline = forms.IntegerField(
        min_value=2, required=False, help_text="Freeze the centre line on the first this many points."
    )
    phase_starts = forms.CharField(
        required=False,
        max_length=LIST_MAX,
        label="New phase starts at point",
        help_text="Point numbers (1 is the first), e.g. 13, 25.",
    )
    exclude = forms.CharField(
        required=False,
        max_length=LIST_MAX,
        label="Leave out points",
        help_text="Point numbers left out of the centre line and limits (still drawn), e.g. 7, 8.",
    )
    centre = forms.FloatField(
        label="Fixed centre line",
        required=False,
        help_text="A centre line you set instead of one from the data, in the chart's units.",
    )
    multiplier = forms.IntegerField(
        min_value=1,
        max_value=1_000_000,
        required=False,
        label="Multiplier",
        help_text="P, P′, U and U′ charts only: 100 shows them per 100, 1000 per 1,000.",
    )
    target = forms.FloatField(required=False, help_text="With a direction, gives the assurance icon.")
    screen_mr = forms.BooleanField(label="Screen large moving ranges", required=False, initial=True)

    # The engine's argument names (spc.InputError.field) -> this form's fields.
    ENGINE_FIELDS = {
        "values": "values",
        "denominators": "denominators",
        "periods": "periods",
        "baseline": "baseline",
        "phase_starts": "phase_starts",
        "exclude": "exclude",
        "centre": "centre",
        "multiply": "multiplier",
        "target": "target",
        "chart_type": "chart_type",
        "rules": "rules",
        "direction": "direction",
        "screen_mr": "screen_mr",
    }

    def clean_values(self):
        rows = _numbers(self.cleaned_data["values"], "Value")
        if not rows:
            raise ValidationError("Paste at least one number.")
        if len(rows) > MAX_SCRATCH_POINTS:
            raise ValidationError(f"Up to {MAX_SCRATCH_POINTS} points at a time.")
        widths = {len(r) for r in rows}
        if widths - {1, 2} or len(widths) > 1:
            raise ValidationError(
                "Every line needs the same columns: one number, or numerator and denominator."
            )
        return rows

    def clean_denominators(self):
        return [
            row[0] if len(row) == 1 else None
            for row in _numbers(self.cleaned_data["denominators"], "Denominator")
        ]

    def clean_periods(self):
        """Labels the engine can sort: all numbers or all dates (ISO), else the person is told."""
        labels = [line.strip() for line in self.cleaned_data["periods"].splitlines() if line.strip()]
        if not labels:
            return None
        try:
            return [_whole_or_float(float(text)) for text in labels]
        except ValueError:
            pass
        problems = []
        for number, text in enumerate(labels, start=1):
            try:
                date.fromisoformat(text)
            except ValueError:
                problems.append(f"Line {number}: “{text}” is neither a number nor a date like 2026-01-05.")
        if problems:
            raise ValidationError(problems[:5] + ["Give every line a number, or every line a date."])
        return [date.fromisoformat(text).isoformat() for text in labels]

    def _point_numbers(self, name):
        numbers = []
        for text in _SEPARATORS.split(self.cleaned_data[name].strip()):
            if not text:
                continue
            if not text.isdigit():
                raise ValidationError(f"“{text}” is not a point number.")
            numbers.append(int(text))
        return sorted(set(numbers))

    def clean_phase_starts(self):
        return self._point_numbers("phase_starts")

    def clean_exclude(self):
        return self._point_numbers("exclude")

    def clean(self):
        cleaned = super().clean()
        rows, denominators = cleaned.get("values"), cleaned.get("denominators")
        if rows is None or denominators is None:
            return cleaned
        values = [r[0] for r in rows]
        given = [r[1] for r in rows] if len(rows[0]) == 2 else None
        if denominators:
            if given is not None:
                self.add_error(
                    "denominators", "The numbers already have a denominator column; leave this empty."
                )
            elif None in denominators or len(denominators) != len(values):
                self.add_error(
                    "denominators",
                    f"Give one denominator a line for each of the {len(values)} numbers "
                    f"({len(denominators)} given).",
                )
            else:
                given = denominators
        periods = cleaned.get("periods")
        if periods is not None and len(periods) != len(values):
            self.add_error(
                "periods",
                f"Give one label a line for each of the {len(values)} numbers ({len(periods)} given).",
            )
        if not self.errors:
            field = "values" if len(rows[0]) == 2 else "denominators"
            self._check_points(values, given, cleaned.get("chart_type"), field)
        # Point numbers count subgroups: the distinct labels when there are labels.
        count = len(set(periods)) if periods is not None and len(periods) == len(values) else len(values)
        starts = cleaned.get("phase_starts") or []
        if any(s < 2 or s > count for s in starts):
            self.add_error("phase_starts", f"A phase starts at a point from 2 to {count}.")
        excluded = cleaned.get("exclude") or []
        if any(e < 1 or e > count for e in excluded):
            self.add_error("exclude", f"Leave out points from 1 to {count}.")
        baseline = cleaned.get("baseline")
        if baseline is not None and baseline > count:
            self.add_error("baseline", f"There are only {count} points.")
        multiplier = cleaned.get("multiplier") or 1
        if multiplier != 1 and cleaned.get("chart_type") not in ("p", "pp", "u", "up"):
            self.add_error("multiplier", "A multiplier is for P, P′, U and U′ charts only; leave it at 1.")
        cleaned["multiplier"] = multiplier
        cleaned["numbers"], cleaned["denominator_numbers"] = values, given
        return cleaned

    def _check_points(self, values, denominators, chart_type, denominator_field) -> None:
        # Said here with 1-based point numbers, as people count them, rather than by the engine.
        for point, value in enumerate(values, start=1):
            denominator = denominators[point - 1] if denominators is not None else None
            if denominator is not None and denominator <= 0:
                self.add_error(denominator_field, f"Point {point}: the denominator must be above 0.")
            elif chart_type in ("p", "pp", "u", "up", "c", "g") and value < 0:
                self.add_error("values", f"Point {point}: a count cannot be negative.")
            elif chart_type in ("p", "pp") and denominator is not None and value > denominator:
                self.add_error("values", f"Point {point}: the numerator cannot be above the denominator.")
            elif chart_type == "t" and value <= 0:
                self.add_error("values", f"Point {point}: the days between events must be above 0.")
            else:
                continue
            return

    def engine_options(self) -> dict:
        """The cleaned form as ``spc.analyze``'s keyword arguments (point numbers counted from 0)."""
        data = self.cleaned_data
        return {
            "periods": data["periods"] or list(range(1, len(data["numbers"]) + 1)),
            "chart_type": data["chart_type"],
            "baseline": data["baseline"],
            "phase_starts": [s - 1 for s in data["phase_starts"]],
            "exclude": [e - 1 for e in data["exclude"]],
            "centre": data["centre"],
            "multiply": data["multiplier"],
            "target": data["target"],
            "screen_mr": data["screen_mr"],
            "rules": data["rules"],
            "direction": data["direction"],
        }


def _whole_or_float(number: float):
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return int(number) if number.is_integer() else number
