"""A cycle's stage badge, and its row in the cycle list, written in Python.

A list of 50 cycles through a template spent most of its time resolving variables, reversing URLs
and formatting dates one cell at a time; Django's admin writes its change list rows in Python for
the same reason. Every value is escaped here, by ``_e``.
"""

from html import escape

from django import template
from django.template.defaultfilters import date as format_date
from django.utils.safestring import SafeString, mark_safe

from cycles.models import Cycle
from playbook.web import pk_url

register = template.Library()

# Labels by value, read once: a model's get_FOO_display() rebuilds its choices on every call.
_STAGE = dict(Cycle.Stage.choices)
_DECISION = dict(Cycle.Decision.choices)
_STAGE_PILL = {"complete": "pill-ok", "abandoned": "pill-neutral", "doing": "pill-warn"}
_MISSING = '<span class="muted">—</span>'


def _e(value) -> str:
    """What Django's ``escape`` does (``&<>"'``), without its check for lazy text on every call."""
    return escape(str(value), quote=True)


def _badge(cycle) -> str:
    stage = cycle.stage
    return (
        f'<span class="pill stage stage-{_e(stage)} {_STAGE_PILL.get(stage, "pill-info")}"'
        ' data-testid="stage">'
        f"{_e(_STAGE.get(stage, stage))}</span>"
    )


@register.simple_tag
def stage_badge(cycle) -> SafeString:
    """The cycle's stage as a coloured pill."""
    return mark_safe(_badge(cycle))  # noqa: S308 — escaped by _e


@register.simple_tag(takes_context=True)
def cycle_row(context, cycle) -> SafeString:
    """One ``<tr>`` of the cycle list: title, team, idea, stage, dates, owner and predictions met."""
    urls = context.get("_cycle_row_urls")
    if urls is None:  # one reverse per route for the whole table
        urls = context["_cycle_row_urls"] = (pk_url("cycle-detail"), pk_url("change-idea-ramp"))
    cycle_url, idea_url = urls
    overdue = cycle.rank == 0
    parts = [
        '<tr class="row-overdue">' if overdue else "<tr>",
        f'<td data-label="Cycle"><a href="{cycle_url(cycle.pk)}">{_e(cycle.title)}</a>',
        ' <span class="pill pill-warn" data-testid="overdue-badge">Overdue</span>' if overdue else "",
    ]
    if cycle.helper_names:
        parts.append(f'<br><span class="muted small">with {_e(", ".join(cycle.helper_names))}</span>')
    parts.append(f'</td><td data-label="Team">{_e(cycle.team.name)}</td><td data-label="Change idea">')
    if cycle.change_idea:
        parts.append(f'<a href="{idea_url(cycle.change_idea_id)}">{_e(cycle.change_idea.title)}</a>')
    else:
        parts.append(_MISSING)
    parts.append(f'</td><td data-label="Stage">{_badge(cycle)}')
    if cycle.decision and cycle.stage == Cycle.Stage.COMPLETE:
        parts.append(f' <span class="muted small">{_e(_DECISION.get(cycle.decision, cycle.decision))}</span>')
    parts.append('</td><td data-label="When" class="nowrap">')
    if cycle.starts_on:
        ends = format_date(cycle.ends_on, "j M Y") or "?"
        parts.append(f"{_e(format_date(cycle.starts_on, 'j M'))} – {_e(ends)}")
    else:
        parts.append('<span class="muted">not set</span>')
    parts.append(f'</td><td data-label="Owner">{_e(cycle.owner.display_name)}</td>')
    parts.append('<td data-label="Predictions met" class="num">')
    if cycle.n_studied:
        parts.append(f"{_e(cycle.n_met)} of {_e(cycle.n_studied)}")
    else:
        parts.append(f'<span class="muted">{_e(cycle.n_predictions)} to study</span>')
    parts.append("</td></tr>")
    return mark_safe("".join(parts))  # noqa: S308 — every value above went through _e
