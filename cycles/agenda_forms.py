"""Input shapes for the learning agenda's pages. Which links a goal may have is the service's rule;
the form offers only those, so a foreign id posted by hand is "not one of the available choices"."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from cycles.agenda import PERIODS
from cycles.models import LearningGoal
from measures.forms import DateInput
from playbook.fields import PROSE_MAX


class FocusAreasField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, focus_area):
        return f"{focus_area.title} ({focus_area.team.name})"


class ChangeIdeasField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, idea):
        return f"{idea.title} — {idea.focus_area.title}"


class LearningGoalForm(forms.Form):
    title = forms.CharField(max_length=LearningGoal._meta.get_field("title").max_length)
    description = forms.CharField(
        required=False,
        max_length=PROSE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the network wants to learn in this period, and why.",
    )
    starts_on = forms.DateField(label="Starts on", widget=DateInput(), input_formats=["%Y-%m-%d"])
    ends_on = forms.DateField(label="Ends on", widget=DateInput(), input_formats=["%Y-%m-%d"])
    focus_areas = FocusAreasField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Focus areas it serves"
    )
    change_ideas = ChangeIdeasField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Change ideas it tests"
    )

    def __init__(self, *args, focus_areas, change_ideas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_areas"].queryset = focus_areas.select_related("team")
        self.fields["change_ideas"].queryset = change_ideas

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            raise ValidationError({"ends_on": "The goal's period must end on or after the day it starts."})
        return data


class AgendaFilterForm(forms.Form):
    team = forms.ModelChoiceField(queryset=None, required=False, empty_label="Hub and every cluster")
    period = forms.ChoiceField(choices=list(PERIODS.items()), required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
