"""What pages say about a stored chart: its variation and assurance icons and its numbers, written as
the caption and the figure write them (``measures.number_format``).

    {% load chart_display %}
    {% spc_icons chart.result small=True %}     the icons for a chart, with a legend to open
    {% spc_icon_specimens %}                    every icon, for the style guide
    {{ point.value|chart_number:chart.result }} 0.64 -> "64%" on a proportion's chart
    {% chart_point_rows result %}               the rows of the table of the chart's points
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from measures.number_format import scale_of

register = template.Library()


@dataclass(frozen=True)
class Icon:
    name: str
    family: str  # "variation" or "assurance"
    label: str
    meaning: str
    colour: str  # a design-system token
    glyph: str  # "flat", "up", "down", or a letter


# Our own drawings after the NHS Making Data Count idea (a circle per question, coloured by the
# answer), not its artwork. The names are NHSRplotthedots', which the engine returns.
ICONS = {
    icon.name: icon
    for icon in (
        Icon("common_cause", "variation", "Common cause variation",
             "No signal at the latest point: the points vary as a stable process would.", "--muted", "flat"),
        Icon("improvement_high", "variation", "Improvement (high)",
             "The latest point is part of a signal of higher values, and higher is better.", "--info", "up"),
        Icon("improvement_low", "variation", "Improvement (low)",
             "The latest point is part of a signal of lower values, and lower is better.", "--info", "down"),
        Icon("concern_high", "variation", "Concern (high)",
             "The latest point is part of a signal of higher values, and lower is better.", "--warn", "up"),
        Icon("concern_low", "variation", "Concern (low)",
             "The latest point is part of a signal of lower values, and higher is better.", "--warn", "down"),
        Icon("neutral_high", "variation", "Change (high)",
             "The latest point is part of a signal of higher values; neither way is better.",
             "--muted", "up"),
        Icon("neutral_low", "variation", "Change (low)",
             "The latest point is part of a signal of lower values; neither way is better.",
             "--muted", "down"),
        Icon("consistent_pass", "assurance", "Consistently meets the target",
             "The target lies beyond the limits on the good side: the process meets it unless it changes.",
             "--ok", "P"),
        Icon("consistent_fail", "assurance", "Consistently misses the target",
             "The target lies beyond the limits on the wrong side: the process misses it unless it changes.",
             "--bad", "F"),
        Icon("inconsistent", "assurance", "Sometimes meets the target",
             "The target lies between the limits: the process meets it in some periods, misses it in others.",
             "--muted", "?"),
    )
}  # fmt: skip


def icons_of(result: dict | None) -> list[Icon]:
    """The chart's icons; none for a chart stored before the engine gave them."""
    result = result or {}
    return [
        ICONS[name] for name in (result.get("variation_icon"), result.get("assurance_icon")) if name in ICONS
    ]


@register.inclusion_tag("measures/_spc_icons.html")
def spc_icons(result, small=False, later=False):
    """``later`` (truthy: pass ``forloop.counter0``) marks a chart after the first on a page of many,
    which shows its icons without repeating what they mean."""
    meanings = [] if later else list(ICONS.values())
    return {"icons": icons_of(result), "legend": meanings, "small": small, "specimen": False}


@register.inclusion_tag("measures/_spc_icons.html")
def spc_icon_specimens():
    return {"icons": list(ICONS.values()), "legend": list(ICONS.values()), "small": False, "specimen": True}


@register.filter
def chart_number(value, result):
    """A value of the chart ``result`` as its caption and hovers write it, with its unit."""
    return scale_of(result).with_unit(value)


ROW_HTML = (
    '<tr{} data-testid="chart-point"><td data-label="Period">{}</td>'
    '<td class="num" data-label="Value">{}</td><td class="num" data-label="Centre">{}</td>'
    '<td class="num" data-label="Limits">{}</td>'
    '<td data-label="Note">{}</td></tr>'
)


@register.simple_tag
def chart_point_rows(result) -> str:
    """The rows of the table of the chart's points, written in Python with the scale worked out once:
    a template loop with a filter per cell cost more than the rest of the measure page at a hundred
    points. Every cell is escaped (``format_html``)."""
    scale = scale_of(result)

    def number(value):
        return "—" if value is None else scale.with_unit(value)

    def row(p):
        ucl, lcl = p.get("ucl"), p.get("lcl")
        if p.get("excluded"):
            note = f"Excluded: {p.get('excluded_reason') or 'left out of the lines'}"
        else:
            note = "Part of a signal" if p.get("signal") else ""
        return (
            mark_safe(' class="muted"') if p.get("excluded") else "",
            chart_period(p.get("period")),
            number(p.get("value")),
            number(p.get("cl")),
            "—" if ucl is None else f"{number(lcl)} to {number(ucl)}",
            note,
        )

    return format_html_join("\n", ROW_HTML, (row(p) for p in result.get("points") or []))


@register.filter
def chart_period(period) -> str:
    """A point's period as people read it: 5 Jan 2026 for a date, the label itself otherwise."""
    try:
        return f"{date.fromisoformat(str(period)[:10]):%-d %b %Y}"
    except ValueError:
        return str(period)
