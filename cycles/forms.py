"""Input shapes for the cycle pages. Rules about cycles live in ``cycles.services``; a form here only
turns text into values and says which text was not one."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cycles.models import Cycle, CycleComment, Observation, Prediction
from measures.data_input import WEEKDAYS, parse_observations
from measures.forms import OBSERVATIONS_TEXT_MAX, DateInput
from measures.models import FocusArea, Measure
from playbook.models import Team, User
from playbook.setup_forms import PersonChoiceField
from playbook.widgets import ManyOptionsSelect
from theory.models import ChangeIdea

TEXTAREA = {"rows": 3}


def _field(name):
    return Cycle._meta.get_field(name)


def _limit(model, name) -> int:
    return model._meta.get_field(name).max_length


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.display_name} ({person.username})"


class FocusAreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, focus_area):
        return f"{focus_area.title} ({focus_area.team.name})"


class ChangeIdeaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, idea):
        return f"{idea.title} — {idea.focus_area.title}"


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, measure):
        return f"{measure.name} ({measure.get_kind_display().lower()})"


class PlanForm(forms.Form):
    """The plan: what the test is for, the questions it answers, who, where, when, how big, what data."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)
    title = forms.CharField(max_length=_field("title").max_length, help_text="A short name for the test.")
    change_idea = ChangeIdeaChoiceField(
        queryset=ChangeIdea.objects.none(),
        required=False,
        empty_label="— none: a blank plan —",
        help_text="The change idea from the team's driver diagram that this cycle tests.",
    )
    focus_area = FocusAreaChoiceField(
        queryset=FocusArea.objects.none(),
        required=False,
        empty_label="— the change idea's —",
        help_text="Its measures are the ones predictions can be about.",
    )
    objective = forms.CharField(
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=_limit(Cycle, "objective"),
        help_text=_field("objective").help_text,
    )
    questions = forms.CharField(
        label="Questions",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=_limit(Cycle, "questions"),
        help_text=_field("questions").help_text,
    )
    who = forms.CharField(max_length=300, required=False, help_text=_field("who").help_text)
    where = forms.CharField(max_length=300, required=False, help_text=_field("where").help_text)
    starts_on = forms.DateField(
        label="Starts on", required=False, widget=DateInput(), input_formats=["%Y-%m-%d"]
    )
    ends_on = forms.DateField(label="Ends on", required=False, widget=DateInput(), input_formats=["%Y-%m-%d"])
    scale_count = forms.IntegerField(label="Scale: how many", required=False, min_value=1)
    scale_unit = forms.ChoiceField(
        label="Scale: of what", required=False, choices=[("", "—"), *Cycle.ScaleUnit.choices]
    )
    data_plan = forms.CharField(
        label="Data to collect",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=_limit(Cycle, "data_plan"),
        help_text=_field("data_plan").help_text,
    )
    owner = PersonChoiceField(queryset=User.objects.none(), empty_label=None)
    collaborators = PeopleField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text="People who run the test with you; they can edit the cycle too.",
    )

    def __init__(self, *args, people, focus_areas, change_ideas, teams=None, started=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["collaborators"].queryset = people
        self.fields["focus_area"].queryset = focus_areas.select_related("team")
        self.fields["change_idea"].queryset = change_ideas.select_related("focus_area")
        if teams is None:
            del self.fields["team"]
        else:
            self.fields["team"].queryset = teams
        if started:  # what the cycle is about is fixed once it runs, and so is its plan
            del self.fields["focus_area"], self.fields["change_idea"]
            for name in Cycle.FROZEN_PLAN_FIELDS:
                self.fields[name].widget.attrs["readonly"] = True
                self.fields[name].help_text = "Frozen when the cycle started: record deviations in Do."
            self.fields["end_date_reason"] = forms.CharField(
                label="Why the end date moves",
                required=False,
                max_length=1_000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Needed to move the end date; it goes into the cycle's history.",
            )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The cycle must end on or after the day it starts.")
        return data

    def cycle_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        fields.pop("team", None)
        fields["scale_unit"] = fields.get("scale_unit") or ""
        return fields


class PredictionForm(forms.Form):
    statement = forms.CharField(
        label="Prediction",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=_limit(Prediction, "statement"),
        help_text="What you expect will happen, and why.",
    )
    # The cycle page renders these on every visit: ManyOptionsSelect writes the same markup faster.
    measure = MeasureChoiceField(
        queryset=Measure.objects.none(),
        required=False,
        empty_label="— no measure —",
        widget=ManyOptionsSelect,
    )
    expected_direction = forms.ChoiceField(
        label="Expected direction",
        required=False,
        choices=[("", "—"), *Prediction.Direction.choices],
        widget=ManyOptionsSelect,
    )
    expected_value = forms.FloatField(label="Expected value", required=False)

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures
        if not measures.exists():
            for name in ("measure", "expected_direction", "expected_value"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if not data.get("measure") and (
            data.get("expected_value") is not None or data.get("expected_direction")
        ):
            self.add_error("measure", "Choose the measure the expected value or direction is about.")
        return data

    def values(self) -> dict:
        return {
            "statement": self.cleaned_data["statement"],
            "measure": self.cleaned_data.get("measure"),
            "expected_value": self.cleaned_data.get("expected_value"),
            "expected_direction": self.cleaned_data.get("expected_direction") or "",
        }


class StudyForm(forms.Form):
    actual = forms.CharField(
        label="What actually happened",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=_limit(Prediction, "actual"),
    )
    outcome = forms.ChoiceField(
        label="Was it met?", choices=Prediction.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=_limit(Prediction, "study_note"),
    )


class DoForm(forms.Form):
    what_happened = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=_limit(Cycle, "what_happened"),
    )
    deviations = forms.CharField(
        label="Deviations from the plan",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=_limit(Cycle, "deviations"),
    )


class ObservationForm(forms.Form):
    observed_on = forms.DateField(label="Day", widget=DateInput(), input_formats=["%Y-%m-%d"])
    text = forms.CharField(
        label="Observation", widget=forms.Textarea(attrs={"rows": 2}), max_length=_limit(Observation, "text")
    )


class DataForm(forms.Form):
    """One period's data for one of the measures the cycle's predictions are about.

    A form is for one measure and shows only the boxes of its kind of data: a value, or a numerator and
    a denominator. The date box steps by the series' rhythm (a week for weekly data, from the weekday the
    series keeps); the service refuses a day off the rhythm with words that say which day fits.
    """

    measure = forms.ModelChoiceField(queryset=Measure.objects.none(), widget=forms.HiddenInput)
    period = forms.DateField(widget=DateInput(), input_formats=["%Y-%m-%d"])
    value = forms.FloatField(required=False)
    numerator = forms.FloatField(required=False)
    denominator = forms.FloatField(required=False)
    observations = forms.CharField(
        label="Scores, one per pupil (spaces, commas or new lines)",
        required=False,
        max_length=OBSERVATIONS_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "inputmode": "decimal"}),
        help_text="Paste a column from a spreadsheet as it is.",
    )
    note = forms.CharField(max_length=500, required=False)

    def __init__(self, *args, measure: Measure, measures: list[Measure], rhythm=None, **kwargs):
        kwargs.setdefault("auto_id", f"data-{measure.pk}-%s")
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["measure"].queryset = Measure.objects.filter(pk__in=[m.pk for m in measures])
        self.fields["measure"].initial = measure.pk
        if measure.uses_observations:
            unused = ("value", "numerator", "denominator")
        elif measure.uses_denominator:
            unused = ("value", "observations")
        else:
            unused = ("numerator", "denominator", "observations")
        for name in unused:
            del self.fields[name]
        for name in ("value", "numerator", "denominator"):
            if name in self.fields:
                self.fields[name].widget.attrs["inputmode"] = "decimal"
        if measure.uses_denominator:
            self.fields["numerator"].help_text = "How many of them, e.g. pupils on track."
            self.fields["denominator"].help_text = "Out of how many, e.g. pupils assessed."
        if rhythm is not None:
            self._follow(rhythm)

    def _follow(self, rhythm) -> None:
        period = self.fields["period"]
        step = {"weekly": 7, "fortnightly": 14}.get(rhythm.frequency)
        if step:
            # A date box steps from its min, so the min is a day on the series' rhythm.
            base = rhythm.containing(date(2000, 1, 10))
            period.widget.attrs.update(step=step, min=base.isoformat())
            period.label = "Week starting"
            period.help_text = f"The {WEEKDAYS[rhythm.weekday]} the week starts."
        elif rhythm.frequency == "monthly":
            period.label = "Month starting"
            period.help_text = "The 1st of the month."
        else:
            period.label = "Period"

    def clean_observations(self):
        text = self.cleaned_data["observations"]
        if not text.strip():
            return None  # the service says a subgroup needs values, as it does for every way in
        try:
            return parse_observations(text)
        except ValueError as exc:
            raise ValidationError(f"{exc}.") from None

    def clean(self):
        data = super().clean()
        chosen = data.get("measure")
        if self.has_error("measure") or (chosen is not None and chosen.pk != self.measure.pk):
            # The measure is a hidden field: say so on top, where the person can read it.
            self.errors.pop("measure", None)
            data.pop("measure", None)
            self.add_error(None, "This cycle does not track that measure; enter data for one of its own.")
        return data


class ActForm(forms.Form):
    decision = forms.ChoiceField(choices=Cycle.Decision.choices, widget=forms.RadioSelect)
    decision_reasoning = forms.CharField(
        label="Why", widget=forms.Textarea(attrs=TEXTAREA), max_length=_limit(Cycle, "decision_reasoning")
    )
    next_steps = forms.CharField(
        label="Next steps",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=_limit(Cycle, "next_steps"),
    )


class AbandonForm(forms.Form):
    reason = forms.CharField(
        label="Why abandon it?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=_limit(Cycle, "abandoned_reason"),
    )


class ButtonForm(forms.Form):
    """A button that posts nothing but the wish; the service's errors, if any, land here."""

    def messages(self) -> list[str]:
        return [message for errors in self.errors.values() for message in errors]


class TransitionForm(ButtonForm):
    """A move to another stage. Nothing is required here: the service says what a move still needs."""

    to = forms.CharField(required=False, strip=False, max_length=_limit(Cycle, "stage"))
    reason = forms.CharField(required=False, strip=False, max_length=_limit(Cycle, "abandoned_reason"))

    def abandon_form(self) -> AbandonForm:
        """The abandon form as posted, with the reason's error on it, when this was a move to abandoned."""
        if self.data.get("to") != Cycle.Stage.ABANDONED:
            return AbandonForm()
        form = AbandonForm(self.data)
        for error in self.errors.get("reason", []):
            form.add_error("reason", error)
        return form


class CopyForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        empty_label=None,
        help_text="Whose new plan this is.",
        widget=ManyOptionsSelect,  # a hub leader may plan in any of the network's teams
    )
    title = forms.CharField(max_length=200)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class ReviewForm(forms.Form):
    reviewer = PersonChoiceField(
        queryset=User.objects.none(),
        empty_label=None,
        help_text="A lead or a coach.",
        widget=ManyOptionsSelect,
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = people


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment", widget=forms.Textarea(attrs={"rows": 3}), max_length=_limit(CycleComment, "body")
    )


# How many options a searchable filter ships at once: the chosen one, then the first of its matches.
SHOWN_OPTIONS = 25


class FewOptions(BaseChoiceIterator):
    """A filter select's choices: "Any", the chosen option, and the first ``SHOWN_OPTIONS`` of the
    options whose text matches what was typed in the search box beside it. Read when the select is
    rendered, so a CSV export that only validates the filters never asks for them (a
    ``BaseChoiceIterator``, which Django's widgets keep as it is instead of listing it at once)."""

    def __init__(self, field, search, chosen=None, text=""):
        self.field, self.search, self.chosen, self.text = field, search, chosen, text
        self.more = False  # whether more options match than are shown; known once iterated
        self.found = 0

    def options(self) -> list[tuple]:
        rows = self.field.queryset
        if self.text:
            rows = rows.filter(self.search(self.text))
        rows = list(rows[: SHOWN_OPTIONS + 1])
        self.more = len(rows) > SHOWN_OPTIONS
        rows = rows[:SHOWN_OPTIONS]
        self.found = len(rows)
        if self.chosen is not None and self.chosen not in rows:
            rows.insert(0, self.chosen)
        return [(obj.pk, self.field.label_from_instance(obj)) for obj in rows]

    def __iter__(self):
        yield ("", self.field.empty_label)
        yield from self.options()


class FindSelect(ManyOptionsSelect):
    """A select among a hub's hundreds of teams, focus areas or change ideas that ships a few options,
    with a search box above it: typing asks ``cycle-filter-options`` for the matches (htmx, on every
    page), and without JavaScript the filter form's Show button sends what was typed and the page
    comes back with those matches to choose from."""

    find_label = "Find"
    options_url = ""
    find_text = ""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        select = super().render(name, value, attrs, renderer)
        select_id = (attrs or {}).get("id") or f"id_{name}"
        choices = self.choices
        hint = "Type a few letters to find others." if getattr(choices, "more", False) else ""
        return format_html(
            '<div class="find-select stack-sm">'
            '<label class="visually-hidden" for="{id}_find">{label}</label>'
            '<input type="search" name="{name}_find" id="{id}_find" value="{text}" maxlength="100"'
            ' placeholder="{label}…" autocomplete="off" aria-controls="{id}" aria-describedby="{id}_found"'
            ' hx-get="{url}" hx-trigger="input changed delay:300ms, search" hx-target="#{id}"'
            ' hx-swap="innerHTML" hx-include="#{id}" hx-sync="this:replace">'
            "{select}"
            '<p class="muted small" id="{id}_found" aria-live="polite">{hint}</p>'
            "</div>",
            id=select_id, label=self.find_label, name=name, text=self.find_text, url=self.options_url,
            select=select, hint=hint,
        )  # fmt: skip

    def options_html(self, value) -> SafeString:
        """The select's options alone, for the search box's htmx answer."""
        html = super().render("x", value)
        return mark_safe(html[html.index(">") + 1 : -len("</select>")])  # noqa: S308 — escaped by render


# What each searchable filter matches the typed text against, beside its label.
FIND = {
    "team": ("Find a team", lambda text: Q(name__icontains=text)),
    "focus_area": (
        "Find a focus area",
        lambda text: Q(title__icontains=text) | Q(team__name__icontains=text),
    ),
    "change_idea": (
        "Find a change idea",
        lambda text: Q(title__icontains=text) | Q(focus_area__title__icontains=text),
    ),
}


class FilterForm(forms.Form):
    scope = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("all", "All I can see"), ("mine", "Mine"), ("team", "My teams'")],
        widget=ManyOptionsSelect,  # the same markup as Django's, without a template per option
    )
    stage = forms.ChoiceField(
        required=False,
        choices=[("", "Any stage"), ("open", "Open"), *Cycle.Stage.choices],
        widget=ManyOptionsSelect,
    )
    # A hub leader filters among every team, change idea and focus area in the network: hundreds.
    # Each field validates against all of them (one query for the chosen one) but renders a few.
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, empty_label="Any", widget=FindSelect
    )
    change_idea = ChangeIdeaChoiceField(
        queryset=ChangeIdea.objects.none(), required=False, empty_label="Any", widget=FindSelect
    )
    focus_area = FocusAreaChoiceField(
        queryset=FocusArea.objects.none(), required=False, empty_label="Any", widget=FindSelect
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
    q = forms.CharField(label="Words", required=False, max_length=100)

    def __init__(self, *args, teams, focus_areas, change_ideas, options_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["focus_area"].queryset = focus_areas.select_related("team")
        self.fields["change_idea"].queryset = change_ideas.select_related("focus_area")
        for name, (label, _) in FIND.items():
            widget = self.fields[name].widget
            widget.find_label = label
            widget.find_text = self.find_text(name)
            widget.options_url = options_url(name) if options_url else ""
            widget.choices = self.few_options(name)

    def find_text(self, name) -> str:
        return str(self.data.get(f"{name}_find", "")).strip()[:100]

    def few_options(self, name) -> FewOptions:
        """``name``'s choices as its select shows them (after ``is_valid``: the chosen one comes first)."""
        chosen = getattr(self, "cleaned_data", {}).get(name)
        return FewOptions(self.fields[name], FIND[name][1], chosen, self.find_text(name))

    def full_clean(self):
        super().full_clean()
        for name in FIND:
            self.fields[name].widget.choices = self.few_options(name)

    def values(self) -> dict:
        """The chosen filters, ids for choices; none at all when any of them is not a valid choice."""
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        for name in ("team", "change_idea", "focus_area"):
            data[name] = data[name].pk if data.get(name) else None
        return data


class SettingsForm(forms.Form):
    spread_threshold = forms.IntegerField(
        label="Teams needed to spread",
        min_value=1,
        max_value=100,
        help_text="A change idea that met its predictions in this many distinct teams is ready to spread.",
    )
