"""Input shapes for the theory pages: each small form turns posted text into values, nothing more.

Whether a link is allowed, a name is taken or a person may take part is the services' to say.
"""

from __future__ import annotations

from django import forms

from playbook.dates import window_problem
from theory.models import TEXT_MAX, ChangeIdea, Driver


class TextForm(forms.Form):
    text = forms.CharField(max_length=TEXT_MAX, strip=True)


class DriverForm(TextForm):
    kind = forms.ChoiceField(choices=Driver.Kind.choices)


class NameForm(forms.Form):
    name = forms.CharField(max_length=100, strip=True)


class EffectForm(forms.Form):
    effect = forms.CharField(max_length=TEXT_MAX, strip=True)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class ChangeIdeaForm(forms.Form):
    title = forms.CharField(max_length=ChangeIdea._meta.get_field("title").max_length, strip=True)
    description = forms.CharField(
        required=False, widget=forms.Textarea, max_length=ChangeIdea._meta.get_field("description").max_length
    )
    driver = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TargetForm(forms.Form):
    """The id of the node to link to, chosen from a list of the diagram's own nodes."""

    target = forms.IntegerField(error_messages={"required": "Choose what to link it to."})


class RootCauseForm(forms.Form):
    root = forms.RegexField(
        regex=r"^(why_step|cause):[0-9]+$",
        max_length=40,
        error_messages={"required": "Choose a root cause.", "invalid": "Choose a root cause."},
    )

    def choice(self) -> tuple[str, int]:
        kind, pk = self.cleaned_data["root"].split(":")
        return kind, int(pk)


class FlagForm(forms.Form):
    """A yes/no switch: vote or take it back, archive or restore, mark or unmark."""

    on = forms.TypedChoiceField(choices=[("1", "yes"), ("0", "no")], coerce=lambda v: v == "1")


class CauseForm(forms.Form):
    text = forms.CharField(max_length=TEXT_MAX, strip=True)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CauseMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")], required=False)
    category = forms.IntegerField(required=False)

    def clean(self):
        data = super().clean()
        if not data.get("direction") and not data.get("category"):
            raise forms.ValidationError("Choose where to move it.")
        return data


class WhyAnalysisForm(forms.Form):
    problem = forms.CharField(max_length=TEXT_MAX, strip=True)
    participants = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = [(p.pk, p.display_name) for p in people]


class StepForm(forms.Form):
    why = forms.CharField(max_length=TEXT_MAX, strip=True)
    because = forms.CharField(max_length=TEXT_MAX, strip=True)


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        required=False, label="As it stood on", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        problem = window_problem(day)  # the end of 9999-12-31 is past the last datetime there is
        if problem:
            raise forms.ValidationError(problem)
        return day
