"""Input shape and validation for the huddles pages. Forms keep what people typed when refused."""

from django import forms
from django.utils import timezone

from huddles.models import DEFAULT_QUESTIONS, WEEKDAYS, ActionItem, Huddle, NoteEntry
from measures.forms import DateInput
from playbook.models import Team
from playbook.setup_forms import PersonChoiceField, TeamChoiceField

ENTRY_MAX = NoteEntry._meta.get_field("text").max_length
LINES_MAX = 50 * 300  # up to 50 agenda items or questions of 300 characters, one a line


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class HuddleForm(forms.Form):
    team = TeamChoiceField(queryset=None, help_text="The huddle's home team; its lead sets it up.")
    other_teams = forms.ModelMultipleChoiceField(
        queryset=None, required=False, help_text="For a cross-team huddle: the other teams taking part."
    )
    name = forms.CharField(max_length=200)
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=Huddle._meta.get_field("purpose").max_length,
    )
    weekdays = forms.TypedMultipleChoiceField(
        choices=list(enumerate(WEEKDAYS)),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Days",
    )
    starts_at = forms.TimeField(
        label="Time", help_text="In the network's time zone.", widget=forms.TimeInput(attrs={"type": "time"})
    )
    duration_minutes = forms.IntegerField(min_value=5, max_value=240, initial=15, label="Minutes")
    place = forms.CharField(max_length=300, required=False, help_text="A room or a video link.")
    agenda = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=LINES_MAX,
        help_text="One standard agenda item a line, in order.",
    )
    questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="\n".join(DEFAULT_QUESTIONS),
        required=False,
        max_length=LINES_MAX,
        help_text="One question a line.",
    )
    rotate_roles = forms.BooleanField(required=False, label="Rotate the roles among members")

    # What a lead decides first comes first: what it is called, whose it is, when it meets.
    field_order = [
        "name", "team", "weekdays", "starts_at", "duration_minutes", "place", "purpose", "other_teams",
        "agenda", "questions", "rotate_roles",
    ]  # fmt: skip

    def __init__(self, *args, teams, all_teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["other_teams"].queryset = all_teams

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["agenda"] = _lines(data["agenda"])
        data["questions"] = _lines(data["questions"])
        return data


class EntryForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label="Add to the notes", max_length=ENTRY_MAX
    )
    kind = forms.ChoiceField(choices=NoteEntry.Kind.choices[:2], initial=NoteEntry.Kind.NOTE, required=False)
    question = forms.CharField(required=False, max_length=300)


class EntryEditForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=ENTRY_MAX)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActionItemForm(forms.Form):
    text = forms.CharField(max_length=500, label="Action")
    owner = PersonChoiceField(queryset=None)
    due_on = forms.DateField(required=False, label="Due", widget=DateInput())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


class PulseForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        label="How are you today?",
    )
    word = forms.CharField(max_length=40, required=False, label="In a word (optional)")


class AttendanceForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    facilitator = PersonChoiceField(queryset=None, required=False)
    note_taker = PersonChoiceField(queryset=None, required=False, label="Note-taker")
    timekeeper = PersonChoiceField(queryset=None, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("attendees", "facilitator", "note_taker", "timekeeper"):
            self.fields[name].queryset = people
        self.fields["attendees"].label_from_instance = lambda p: p.display_name


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search the notes", max_length=200)


class ListFilterForm(forms.Form):
    """The huddle list narrowed to one team's huddles, as the lead and uptake panels link to it."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, empty_label="Every team")

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        label="How useful was this meeting?",
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=ENTRY_MAX,
        label="What would make it better? (optional)",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "feedback-%s")
        super().__init__(*args, **kwargs)


class FeedbackResponseForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=ENTRY_MAX, label="What we changed"
    )
    # ISO both ways: a date input shows nothing for any other format, so the default would vanish.
    changed_on = forms.DateField(label="Changed on", widget=DateInput(), input_formats=["%Y-%m-%d"])
    meeting = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Prompted by the feedback on",
        empty_label="No meeting in particular",
    )

    def __init__(self, *args, meetings, zone, fixed_meeting=False, **kwargs):
        # Its own ids: the meeting page's note box is a ``text`` field too.
        kwargs.setdefault("auto_id", "we-did-%s")
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        if fixed_meeting:
            self.fields["meeting"].widget = forms.HiddenInput()
        self.fields["meeting"].label_from_instance = lambda m: (
            f"The meeting of {timezone.localtime(m.scheduled_start, zone):%-d %B %Y}"
        )
