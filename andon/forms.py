"""Input shapes for the andon pages: turn text into values; the services decide what is allowed."""

from __future__ import annotations

from datetime import time

from django import forms

from andon.calendar import format_duration, parse_duration
from andon.models import ClosedPeriod, Flag, FlagEvent, Severity
from measures.models import FocusArea
from playbook.models import Team, User
from playbook.setup_forms import PersonChoiceField, TeamChoiceField
from playbook.widgets import ManyOptionsSelect

WEEKDAYS = [(0, "Mon"), (1, "Tue"), (2, "Wed"), (3, "Thu"), (4, "Fri"), (5, "Sat"), (6, "Sun")]
# What the models keep: a comment, reason or reply is one event's text (or a huddle's reply); a
# description, resolution and what was learned are the flag's own prose.
EVENT_TEXT_MAX = FlagEvent._meta.get_field("text").max_length
PROSE_MAX = Flag._meta.get_field("description").max_length
CLOSED_TEXT_MAX = 20_000  # a few hundred holidays, one a line


class RaiseFlagFromForm(forms.Form):
    """Raising a flag from another app's page (a PDSA cycle): that page decides the team and focus area."""

    title = forms.CharField(
        max_length=200, help_text="A short headline, e.g. “No cover for Year 4 on Fridays”."
    )
    description = forms.CharField(
        label="What is happening", widget=forms.Textarea(attrs={"rows": 4}), max_length=PROSE_MAX
    )
    severity = forms.ChoiceField(choices=Severity.choices, initial=Severity.MEDIUM)
    category = forms.ChoiceField(choices=Flag.Category.choices, initial=Flag.Category.OTHER)


class RaiseFlagForm(RaiseFlagFromForm):
    field_order = ["title", "description", "team", "severity", "category", "focus_area"]

    team = TeamChoiceField(queryset=Team.objects.none(), empty_label=None, label="Team it concerns")
    focus_area = forms.ModelChoiceField(
        queryset=FocusArea.objects.none(),
        required=False,
        empty_label="— none —",
        label="Focus area (optional)",
    )

    def __init__(self, *args, teams, focus_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["focus_area"].queryset = focus_areas
        self.fields["title"].widget.attrs["autofocus"] = True


class AssignForm(forms.Form):
    assignee = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="— nobody —",
        error_messages={"invalid_choice": "Choose someone in a team this flag has been with, or above it."},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Comment", widget=forms.Textarea(attrs={"rows": 2}), max_length=EVENT_TEXT_MAX
    )


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label="Why it needs the team above",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=EVENT_TEXT_MAX,
    )


class SendDownForm(forms.Form):
    reply = forms.CharField(
        label="Reply to send back down", widget=forms.Textarea(attrs={"rows": 2}), max_length=EVENT_TEXT_MAX
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label="How it was resolved", widget=forms.Textarea(attrs={"rows": 2}), max_length=PROSE_MAX
    )
    learning = forms.CharField(
        label="What was learned",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=PROSE_MAX,
        help_text="Others will find this when they search the learning.",
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why reopen it",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=EVENT_TEXT_MAX,
    )


class DashboardFilterForm(forms.Form):
    STATUS_CHOICES = [("", "Not resolved"), *Flag.Status.choices, ("all", "All")]

    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    severity = forms.ChoiceField(choices=[("", "Any severity"), *Severity.choices], required=False)
    tier = forms.ChoiceField(choices=[("", "Any tier"), *Team.Kind.choices], required=False, label="Held at")
    team = TeamChoiceField(
        queryset=Team.objects.none(),
        required=False,
        empty_label="Any team",
        label="Held by",
        widget=ManyOptionsSelect,  # every team in the network, for a hub leader
    )
    category = forms.ChoiceField(choices=[("", "Any category"), *Flag.Category.choices], required=False)
    escalated = forms.BooleanField(required=False, label="Escalated to my teams")
    passed = forms.BooleanField(required=False, label="Passed through my teams")
    mine = forms.BooleanField(required=False, label="Assigned to me")

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class DurationField(forms.CharField):
    """A duration as people write it ("4h", "1d 4h"); days are working days, hours working hours."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update(maxlength="40", size="8")

    def prepare_value(self, value):
        return format_duration(value) if hasattr(value, "days") else value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(text) > 40:
            raise forms.ValidationError("Write a short duration, e.g. 4h or 1d 4h.")
        try:
            return parse_duration(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class PolicyForm(forms.Form):
    """Each severity's two deadlines, and the working calendar they count in."""

    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple, label="Working days"
    )
    day_starts = forms.TimeField(label="Working day starts", widget=forms.TimeInput(attrs={"type": "time"}))
    day_ends = forms.TimeField(label="Working day ends", widget=forms.TimeInput(attrs={"type": "time"}))
    closed = forms.CharField(
        label="Holidays and school breaks",
        required=False,
        max_length=CLOSED_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line: a date or two dates, then a name; “break” before the name for a school "
        "break. E.g. <code>2026-12-21 2027-01-01 break Winter break</code>.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in reversed(Severity.choices):
            self.fields[f"{value}_acknowledge"] = DurationField(label=f"{label}: acknowledge within")
            self.fields[f"{value}_resolve"] = DurationField(label=f"{label}: resolve within")
            self.fields[f"{value}_every_hour"] = forms.BooleanField(
                required=False, label=f"{label}: count every hour, not only working time"
            )

    def clean_closed(self):
        from datetime import date

        periods = []
        for number, line in enumerate(self.cleaned_data["closed"].splitlines(), start=1):
            words = line.split()
            if not words:
                continue
            try:
                first = date.fromisoformat(words[0])
                last = date.fromisoformat(words[1]) if len(words) > 1 and _is_date(words[1]) else first
            except ValueError:
                raise forms.ValidationError(
                    f"Line {number} does not start with a date like 2026-12-21."
                ) from None
            rest = words[2:] if last is not first else words[1:]
            kind = ClosedPeriod.Kind.HOLIDAY
            if rest and rest[0].lower() == "break":
                kind, rest = ClosedPeriod.Kind.SCHOOL_BREAK, rest[1:]
            if last < first:
                raise forms.ValidationError(f"Line {number} ends before it starts.")
            periods.append((first, last, " ".join(rest) or ClosedPeriod.Kind(kind).label, kind))
        return periods

    def clean(self):
        data = super().clean()
        starts, ends = data.get("day_starts"), data.get("day_ends")
        if isinstance(starts, time) and isinstance(ends, time) and not starts < ends:
            self.add_error("day_ends", "The working day must end after it starts.")
        return data

    def severity_rows(self):
        return [
            (label, self[f"{value}_acknowledge"], self[f"{value}_resolve"], self[f"{value}_every_hour"])
            for value, label in reversed(Severity.choices)
        ]


def _is_date(word: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(word)
    except ValueError:
        return False
    return True


def closed_text(periods) -> str:
    lines = []
    for period in periods:
        dates = period.starts_on.isoformat()
        if period.ends_on != period.starts_on:
            dates += f" {period.ends_on.isoformat()}"
        kind = " break" if period.kind == ClosedPeriod.Kind.SCHOOL_BREAK else ""
        lines.append(f"{dates}{kind} {period.name}")
    return "\n".join(lines)
