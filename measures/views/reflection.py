"""Looking at data without storing anything: the data-reflection page and the chart scratch pad."""

from __future__ import annotations

from datetime import date

from django.shortcuts import render

from measures import charts
from measures.forms import ReflectionForm, ScratchpadForm
from measures.models import DataPoint, Measure
from measures.views.focus import _data, _get_focus_area, focus_area_charts
from spc import InputError, analyze
from spc.distribution import frequency_table

# --- Reflecting on the data -----------------------------------------------------------------------------


def scatter_figure(x: Measure, y: Measure, points: list[DataPoint]) -> tuple[dict | None, int]:
    """Two measures' values paired by period: raw data, so it is drawn on request."""
    by_period: dict[date, dict[int, float]] = {}
    for point in points:
        by_period.setdefault(point.period, {})[point.measure_id] = point.plotted_value
    pairs = sorted((period, v[x.pk], v[y.pk]) for period, v in by_period.items() if x.pk in v and y.pk in v)
    if not pairs:
        return None, 0

    def title(measure):
        return f"{measure.name} ({measure.unit})" if measure.unit else measure.name

    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "x": [p[1] for p in pairs],
                "y": [p[2] for p in pairs],
                "text": [f"{p[0]:%-d %b %Y}" for p in pairs],
                "hovertemplate": "%{text}<br>%{x} · %{y}<extra></extra>",
                "marker": {"size": 9, "color": "#1f5fbf"},
            }
        ],
        "layout": {
            "height": 360,
            "margin": {"l": 60, "r": 20, "t": 10, "b": 50},
            "xaxis": {"title": {"text": title(x)}, "zeroline": False},
            "yaxis": {"title": {"text": title(y)}, "zeroline": False},
        },
    }
    return figure, len(pairs)


def focus_area_reflection(request, pk):
    focus_area = _get_focus_area(request.user, pk)
    form = ReflectionForm(request.GET, measures=focus_area.measures.all())
    chosen = form.cleaned_data if form.is_valid() else {}
    frequency, scatter, pairs = None, None, 0
    if chosen.get("measure"):
        frequency = frequency_table([p.plotted_value for p in chosen["measure"].data_points.all()]).rows
    if chosen.get("x") and chosen.get("y"):
        points = list(DataPoint.objects.filter(measure__in=[chosen["x"], chosen["y"]]))
        scatter, pairs = scatter_figure(chosen["x"], chosen["y"], points)
    context = {
        "focus_area": focus_area,
        "charts": focus_area_charts(focus_area),
        "form": form,
        "chosen": chosen,
        "frequency": frequency,
        "frequency_max": max((row.count for row in frequency or []), default=0),
        "scatter": scatter,
        "pairs": pairs,
    }
    return render(request, "measures/reflection.html", context)


def chart_scratchpad(request):
    """Paste numbers, see their chart and signals at once. Nothing is stored, so it may compute here."""
    form = ScratchpadForm(_data(request))
    result = figure = None
    if request.method == "POST" and form.is_valid():
        try:
            result = analyze(
                form.cleaned_data["numbers"],
                form.cleaned_data["denominator_numbers"],
                **form.engine_options(),
            )
        except InputError as exc:
            form.add_error(ScratchpadForm.ENGINE_FIELDS.get(exc.field), exc.message)
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            chart_type = form.cleaned_data["chart_type"]
            result["measure"] = {
                "name": "Your data",
                "unit": "",
                "data_kind": "proportion" if chart_type in ("p", "pp") else "",
                "multiplier": form.cleaned_data["multiplier"],
            }
            result["caption"] = charts.caption(result)
            figure = charts.figure(result)
    return render(request, "measures/scratchpad.html", {"form": form, "result": result, "figure": figure})
