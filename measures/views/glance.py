"""Measures at a glance: the table a lead or leader reads in a minute (``measures.glance``)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from measures import glance
from measures.models import Measure
from measures.templatetags.chart_display import ICONS, icons_of
from playbook import clock, permissions
from playbook.permissions import Role
from playbook.widgets import ManyOptionsSelect

PAGE_SIZE = 100
VARIATION_CHOICES = [
    ("", "Any variation"),
    *((icon.name, icon.label) for icon in ICONS.values() if icon.family == "variation"),
    ("none", "No chart yet"),
]
SIGNAL_CHOICES = [("", "Any or none"), ("improvement", "Improvement"), ("deterioration", "Deterioration")]
SORT_LABELS = {
    "team": "Team",
    "focus_area": "Focus area",
    "measure": "Measure",
    "latest": "Last data date",
    "variation": "Variation (concerns first)",
}
SORT_CHOICES = [
    *SORT_LABELS.items(),
    *((f"-{key}", f"{label}, reversed") for key, label in SORT_LABELS.items()),
]


class GlanceFilterForm(forms.Form):
    """The table's filters and sort, as GET parameters; choices limited to what the user oversees."""

    team = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="All your teams", widget=ManyOptionsSelect
    )
    focus_area = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="All focus areas", widget=ManyOptionsSelect
    )
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Measure.Kind.choices], required=False)
    variation = forms.ChoiceField(choices=VARIATION_CHOICES, required=False)
    signal = forms.ChoiceField(choices=SIGNAL_CHOICES, required=False, label="Signal now")
    stale = forms.BooleanField(required=False, label="Stale data only")
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, label="Sort by")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = permissions.teams_with_role(user, Role.LEAD).order_by("name")
        self.fields["focus_area"].queryset = glance.overseen_focus_areas(user).order_by("title")

    def filters(self) -> dict:
        """The valid filters only: a bad value is reported beside its field, the rest still apply."""
        self.is_valid()
        chosen = {name: value for name, value in self.cleaned_data.items() if value not in (None, "", False)}
        chosen.setdefault("sort", "team")
        return chosen


def measures_at_a_glance(request):
    user = request.user
    if not glance.may_see_glance(user):
        raise PermissionDenied("Measures at a glance is for team leads and leaders.")
    filters = GlanceFilterForm(request.GET, user=user)
    chosen = filters.filters()
    page = Paginator(glance.glance_rows(user, **chosen), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "chosen": chosen,
        "filtered": any(name != "sort" for name in chosen),
        "page": page,
        "rows": _rows(page),
        "legend": list(ICONS.values()),
        "today": clock.now().date(),
    }
    return render(request, "measures/glance/at_a_glance.html", context)


def _rows(page) -> list[dict]:
    """Each measure's cells, its numbers written as its chart writes them. A page of 100 rows shows
    at most ten different icons: each is drawn once and reused, not rendered 200 times."""
    drawn: dict[str, str] = {}

    def draw(icon) -> str:
        if icon.name not in drawn:
            drawn[icon.name] = render_to_string("measures/glance/_icon.html", {"icon": icon})
        return drawn[icon.name]

    rows = []
    for measure in page:
        scale = glance.scale_for(measure)
        icons = {"variation_icon": measure.variation_icon, "assurance_icon": measure.assurance_icon}
        shown = icons_of(icons)
        rows.append(
            {
                # Every cell as text here: the template only writes them out, 100 rows at a time.
                "measure": measure,
                "url": reverse("measure-detail", args=[measure.pk]),
                "kind": measure.get_kind_display(),
                "team": measure.focus_area.team.name,
                "focus_area": measure.focus_area.title,
                "latest": scale.with_unit(measure.latest_value) if measure.latest_value is not None else "",
                "target": scale.with_unit(measure.target) if measure.target is not None else "",
                "last_data": date_format(measure.latest_period, "j M Y") if measure.latest_period else "",
                "stale": bool(measure.is_stale),
                "icons": shown,
                "drawn": [mark_safe(draw(icon)) for icon in shown],  # noqa: S308 — our template's output
            }
        )
    return rows
