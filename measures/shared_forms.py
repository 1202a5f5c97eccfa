"""Input shapes for the shared-measure pages: define one, adopt it, choose what the funnel compares.

Rules (which chart fits which data, what may change once teams have data, adopting once) live in
``measures.services.shared``; a form here only turns text into values and says which text was not one.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from measures.data_input import multiplier_problem
from measures.forms import MULTIPLIER_CHOICES, _chart_choices
from measures.models import FocusArea, Measure, SharedMeasure
from measures.services.shared import SHAPING

ALL_PERIODS = 0


def _field(name):
    return SharedMeasure._meta.get_field(name)


class SharedMeasureForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Owned by",
        queryset=None,
        empty_label=None,
        help_text="The hub or cluster that keeps this definition.",
    )
    name = forms.CharField(max_length=_field("name").max_length)
    kind = forms.ChoiceField(choices=Measure.Kind.choices, initial=Measure.Kind.OUTCOME)
    definition = forms.CharField(
        label="Operational definition",
        widget=forms.Textarea,
        max_length=_field("definition").max_length,
        help_text="Exactly what is counted, from which source, and how: every team counts the same way.",
    )
    unit = forms.CharField(max_length=_field("unit").max_length, required=False, help_text="e.g. %, pupils")
    data_kind = forms.ChoiceField(
        label="Kind of data", choices=Measure.DataKind.choices, initial=Measure.DataKind.PROPORTION
    )
    direction = forms.ChoiceField(choices=Measure.Direction.choices)
    frequency = forms.ChoiceField(choices=Measure.Frequency.choices, initial=Measure.Frequency.WEEKLY)
    chart_type = forms.ChoiceField(choices=_chart_choices(None), required=False)
    multiplier = forms.TypedChoiceField(
        label="Show proportions and rates",
        choices=MULTIPLIER_CHOICES,
        coerce=int,
        initial=1,
        required=False,
        empty_value=1,
    )
    target = forms.FloatField(
        required=False,
        help_text="In the measure's plotted units (0.9 for 90% shown as a fraction; 90 when shown per 100).",
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )

    def __init__(self, *args, teams=None, shape_fixed=False, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is None:  # editing: the owner does not change
            del self.fields["team"]
        else:
            self.fields["team"].queryset = teams
        if shape_fixed:
            for name in SHAPING:
                self.fields[name].disabled = True
                self.fields[name].help_text = "Fixed: teams have entered data for this measure."
            self.fields["chart_type"].choices = _chart_choices(self.initial.get("data_kind"))

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

    def shared_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "team"}


class AdoptForm(forms.Form):
    focus_area = forms.ModelChoiceField(
        label="Adopt into", queryset=FocusArea.objects.none(), empty_label="Choose a focus area"
    )

    def __init__(self, *args, focus_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = focus_areas
        self.fields["focus_area"].label_from_instance = lambda fa: f"{fa.team.name}: {fa.title}"


class ComparisonForm(forms.Form):
    periods = forms.TypedChoiceField(
        label="Funnel compares",
        choices=[
            (1, "Each team's latest period"),
            (3, "Last 3 periods"),
            (6, "Last 6 periods"),
            (12, "Last 12 periods"),
            (ALL_PERIODS, "Every period"),
        ],  # fmt: skip
        coerce=int,
        required=False,
        empty_value=1,
    )
