"""The filters of "What we learned" as a page's form; the API's serializer checks the same input."""

from __future__ import annotations

from django import forms

from playbook import learnings, permissions
from playbook.widgets import ManyOptionsSelect

Q_MAX = 200


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _picked(value):
    return int(value) if value not in (None, "") else None


class LearningSearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=Q_MAX)
    kind = forms.ChoiceField(label="Kind", required=False)
    # A hub leader picks from every team, focus area and change idea in the network: hundreds.
    team = forms.TypedChoiceField(
        label="Team", required=False, coerce=int, empty_value=None, widget=ManyOptionsSelect
    )
    focus_area = forms.TypedChoiceField(
        label="Focus area", required=False, coerce=int, empty_value=None, widget=ManyOptionsSelect
    )
    change_idea = forms.TypedChoiceField(
        label="Change idea", required=False, coerce=int, empty_value=None, widget=ManyOptionsSelect
    )
    since = forms.DateField(label="From", required=False, widget=DateInput(), input_formats=["%Y-%m-%d"])
    until = forms.DateField(label="To", required=False, widget=DateInput(), input_formats=["%Y-%m-%d"])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"placeholder": 'Words, "a phrase", -not'})
        self.fields["kind"].choices = [("", "Every kind"), *learnings.kind_choices()]
        teams = permissions.visible_teams(user).order_by("name").values_list("pk", "name")
        self.fields["team"].choices = [("", "Every team"), *teams]
        self.fields["focus_area"].choices = [
            ("", "Every focus area"),
            *learnings.filter_choices(user, "focus_area"),
        ]
        self.fields["change_idea"].choices = [
            ("", "Every change idea"),
            *learnings.filter_choices(user, "change_idea"),
        ]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "The end of the range comes before its start.")
        return cleaned

    def search(self) -> learnings.Search:
        data = self.cleaned_data
        return learnings.Search(
            q=data.get("q") or "",
            kind=data.get("kind") or "",
            team=_picked(data.get("team")),
            focus_area=_picked(data.get("focus_area")),
            change_idea=_picked(data.get("change_idea")),
            since=data.get("since"),
            until=data.get("until"),
        )
