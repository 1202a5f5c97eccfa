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

from measures.data_input import MAX_CSV_BYTES, NOTE_MAX, Rhythm, parse_date, parse_number
from measures.models import FocusArea, Measure
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
    data_kind = forms.ChoiceField(label="Kind of data", choices=Measure.DataKind.choices)
    direction = forms.ChoiceField(choices=Measure.Direction.choices)
    frequency = forms.ChoiceField(choices=Measure.Frequency.choices, initial=Measure.Frequency.WEEKLY)
    chart_type = forms.ChoiceField(
        choices=[("", "Default for the kind of data"), *Measure.ChartType.choices],
        required=False,
        help_text="By default: a run chart for continuous data, a P chart for proportions, "
        "a U chart for rates and a C chart for counts.",
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

    def __init__(self, *args, data_kind_fixed=False, **kwargs):
        super().__init__(*args, **kwargs)
        if data_kind_fixed:
            self.fields["data_kind"].disabled = True
            self.fields["data_kind"].help_text = "Fixed once the measure has data."

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


def targets_text(targets) -> str:
    return "\n".join(f"{t.starts_on.isoformat()} {t.value:g}" for t in targets)


# --- Data points -----------------------------------------------------------------------------------------


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
    note = forms.CharField(max_length=NOTE_MAX, required=False)

    def __init__(
        self, *args, uses_denominator: bool, rhythm: Rhythm | None = None, filled=(), today=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.rhythm, self.filled = rhythm, set(filled)
        unused = ("value",) if uses_denominator else ("numerator", "denominator")
        for name in unused:
            del self.fields[name]
        for name in ("value", "numerator", "denominator"):
            if name in self.fields:
                self.fields[name].widget.attrs["inputmode"] = "decimal"
        if rhythm is not None and today is not None and rhythm.frequency in PICKED_RHYTHMS:
            self._pick_period_from(rhythm, today)

    @classmethod
    def for_measure(cls, measure: Measure, *args, today: date, **kwargs) -> PointForm:
        """The form for ``measure``: its data kind's boxes, its periods to choose from (one query)."""
        filled = set(measure.data_points.values_list("period", flat=True))
        return cls(
            *args,
            uses_denominator=measure.uses_denominator,
            rhythm=Rhythm(measure.frequency, min(filled, default=None)),  # as ``Measure.rhythm()``
            filled=filled,
            today=today,
            **kwargs,
        )

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
        field.widget = forms.Select(choices=choices)
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

    def has_data(self) -> bool:
        """Whether the person typed anything besides the (often suggested) period."""
        return any(
            self.cleaned_data.get(n) not in (None, "") for n in ("value", "numerator", "denominator", "note")
        )

    def values(self) -> dict:
        return {n: self.cleaned_data.get(n) for n in ("period", "value", "numerator", "denominator", "note")}


class GridRowForm(PointForm):
    """A row of the data grid: empty rows are allowed and skipped, so the period is optional here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].required = False
        self.fields["period"].widget = forms.TextInput(attrs={"placeholder": "2026-03-02"})
        for name, field in self.fields.items():
            field.widget.attrs["aria-label"] = name.capitalize()


class BaseGridFormSet(forms.BaseFormSet):
    def __init__(self, *args, uses_denominator, **kwargs):
        self.uses_denominator = uses_denominator
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"uses_denominator": self.uses_denominator}


# Bounded, so a doctored TOTAL_FORMS cannot make the server build thousands of forms.
GridFormSet = forms.formset_factory(
    GridRowForm, formset=BaseGridFormSet, extra=0, max_num=300, absolute_max=300, validate_max=True
)


# --- CSV upload ----------------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        required=False, label="CSV file", help_text="Up to 1 MB, saved as CSV (UTF-8) from a spreadsheet."
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
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            text = "\x00"
        if "\x00" in text:  # a spreadsheet's own format, or another encoding, read as if it were text
            raise ValidationError(
                "The file is not UTF-8 text. In your spreadsheet use “Save as… CSV UTF-8” and upload that."
            )
        return text

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not (cleaned.get("pasted") or "").strip():
            raise ValidationError("Choose a CSV file or paste the data.")
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
    screen_mr = forms.BooleanField(label="Screen large moving ranges", required=False, initial=True)

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

    def clean_phase_starts(self):
        starts = []
        for text in _SEPARATORS.split(self.cleaned_data["phase_starts"].strip()):
            if not text:
                continue
            if not text.isdigit():
                raise ValidationError(f"“{text}” is not a point number.")
            starts.append(int(text))
        return sorted(set(starts))

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
        if not self.errors:
            field = "values" if len(rows[0]) == 2 else "denominators"
            self._check_points(values, given, cleaned.get("chart_type"), field)
        starts = cleaned.get("phase_starts") or []
        if any(s < 2 or s > len(values) for s in starts):
            self.add_error("phase_starts", f"A phase starts at a point from 2 to {len(values)}.")
        baseline = cleaned.get("baseline")
        if baseline is not None and baseline > len(values):
            self.add_error("baseline", f"There are only {len(values)} points.")
        cleaned["numbers"], cleaned["denominator_numbers"] = values, given
        return cleaned

    def _check_points(self, values, denominators, chart_type, denominator_field) -> None:
        # Said here with 1-based point numbers, as people count them, rather than by the engine.
        for point, value in enumerate(values, start=1):
            denominator = denominators[point - 1] if denominators is not None else None
            if denominator is not None and denominator <= 0:
                self.add_error(denominator_field, f"Point {point}: the denominator must be above 0.")
            elif chart_type in ("p", "u", "c") and value < 0:
                self.add_error("values", f"Point {point}: a count cannot be negative.")
            elif chart_type == "p" and denominator is not None and value > denominator:
                self.add_error("values", f"Point {point}: the numerator cannot be above the denominator.")
            else:
                continue
            return
