"""Input shape of a charter, a standard, a self-assessment and a closing; their rules are the services'."""

from __future__ import annotations

from django import forms

from playbook.fields import NOTE_MAX, PROSE_MAX
from playbook.models import TeamStandard, TeamStandardRating


class CharterForm(forms.Form):
    purpose = forms.CharField(
        required=False,
        max_length=PROSE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the team exists: the problem it is here to work on.",
    )
    goal = forms.CharField(
        required=False,
        max_length=PROSE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it is trying to accomplish: what, how much, by when.",
    )
    roles = forms.CharField(
        label="Roles and expectations",
        required=False,
        max_length=PROSE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Who does what, and what the team expects of each other.",
    )


class StandardForm(forms.Form):
    name = forms.CharField(
        max_length=TeamStandard._meta.get_field("name").max_length,
        help_text="A few words: “We meet on schedule”.",
    )
    description = forms.CharField(
        required=False,
        max_length=PROSE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What a team that meets this standard does.",
    )


class AssessmentForm(forms.Form):
    """A rating and a note for each standard the network keeps, then a word on the whole."""

    def __init__(self, *args, standards, initial_ratings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.standards = list(standards)
        given = initial_ratings or {}
        for standard in self.standards:
            before = given.get(standard.pk)
            self.fields[f"rating_{standard.pk}"] = forms.TypedChoiceField(
                label=standard.name,
                choices=[("", "Choose…"), *TeamStandardRating.Rating.choices],
                coerce=int,
                help_text=standard.description,
                initial=before.rating if before else None,
            )
            self.fields[f"note_{standard.pk}"] = forms.CharField(
                label=f"Note on “{standard.name}”",
                required=False,
                max_length=TeamStandardRating._meta.get_field("note").max_length,
                initial=before.note if before else "",
            )
        self.fields["summary"] = forms.CharField(
            label="Overall",
            required=False,
            max_length=NOTE_MAX,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text="Optional: what the team wants to get better at next.",
        )

    def ratings(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"standard": s.pk, "rating": data[f"rating_{s.pk}"], "note": data[f"note_{s.pk}"]}
            for s in self.standards
        ]


class CloseTeamForm(forms.Form):
    """What the team learned, and one choice for each kind of work it still has open."""

    learned = forms.CharField(
        label="What the team learned",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The retrospective: what worked, what did not, what others should know.",
    )

    def __init__(self, *args, open_work, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = [kind for kind, _items in open_work]
        for kind, items in open_work:
            self.fields[f"outcome_{kind.name}"] = forms.ChoiceField(
                label=f"{kind.label} ({len(items)})",
                choices=list(kind.outcomes.items()),
                help_text="; ".join(items[:5]) + ("…" if len(items) > 5 else ""),
            )
        # The open work first, under the page's "what becomes of each kind", then the retrospective.
        self.order_fields([*(f"outcome_{kind.name}" for kind in self.kinds), "learned"])

    def outcomes(self) -> dict[str, str]:
        return {kind.name: self.cleaned_data[f"outcome_{kind.name}"] for kind in self.kinds}
