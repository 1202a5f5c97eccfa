"""One flag's row on the dashboard, written in Python.

A page of 50 rows through a template spent more time resolving variables and escaping through
Django's lazy-aware helpers than the page spent in the database; Django's admin writes its change
list rows in Python for the same reason. Every value is escaped here, by ``_e``; the row's
``<tbody>``, notice and action panel stay in ``andon/_flag_row.html``.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from andon.models import Flag, Severity
from playbook.models import Team

register = template.Library()

# Labels by value, read once: a model's get_FOO_display() rebuilds its choices on every call.
_CATEGORY = dict(Flag.Category.choices)
_SEVERITY = dict(Severity.choices)
_STATUS = dict(Flag.Status.choices)
_KIND = dict(Team.Kind.choices)

_PASSED = (
    '<div><span class="pill pill-warn passed-mark" data-testid="passed-badge" title="It climbed past'
    ' your team in one pass, without waiting for you">passed through your team</span></div>'
)
_ESCALATED = '<div class="small escalated-mark">escalated</div>'


def _e(value) -> str:
    """What Django's ``escape`` does (``&<>"'``), without its check for lazy text on every call."""
    return escape(str(value), quote=True)


@register.simple_tag(takes_context=True)
def flag_row(context, row, forms=None) -> SafeString:
    """The flag's ``<tr>``: title, severity, holder, status, age, time left and its actions.

    ``forms``: the row's action panel, shown below it when given, so its button closes the panel."""
    flag = row.flag
    holder = flag.holding_team
    late = " flag-overdue" if flag.is_overdue else ""
    pk = flag.pk
    url, actions_url, title = _e(row.url), _e(row.actions_url), _e(flag.title)
    parts = [
        f'<tr class="flag-row{" is-overdue" if late else ""}">',
        f'<td class="flag-cell"><a href="{url}" class="flag-title">{title}</a>',
        f'<div class="muted small">{_e(_CATEGORY.get(flag.category, flag.category))} · ',
        f"{_e(flag.raised_by.display_name)}, {_e(flag.team.name)}</div></td>",
        f'<td data-label="Severity"><span class="sev sev-{_e(flag.severity)}">',
        f"{_e(_SEVERITY.get(flag.severity, flag.severity))}</span></td>",
        f'<td data-label="Held by" data-testid="holder"><span class="holder-name">{_e(holder.name)}</span>',
        f' <span class="tier tier-{_e(holder.kind)}">{_e(_KIND.get(holder.kind, holder.kind))}</span>',
        _ESCALATED if flag.holding_team_id != flag.team_id else "",
        _PASSED if row.passed_through else "",
        f'</td><td data-label="Status"><span class="flagstatus flagstatus-{_e(flag.status)}">',
        f"{_e(_STATUS.get(flag.status, flag.status))}</span>",
        f'<div class="small">→ {_e(flag.assignee.display_name)}</div>' if flag.assignee else "",
        f'</td><td data-label="Age" class="age">{_e(row.age)}</td>',
        f'<td data-label="Next escalation" class="time-left{late}" data-testid="time-left">',
        _e(row.time_left),
    ]
    if flag.next_deadline:
        last = "" if holder.parent_id else " (then overdue)"
        parts.append(f'<div class="muted small">to {_e(flag.next_deadline)}{last}</div>')
    parts.append('</td><td class="actions"><span class="row-actions">')
    if row.may_act and flag.status == Flag.Status.OPEN:
        ack = _e(row.acknowledge_url)
        parts.append(
            f'<form method="post" action="{ack}" hx-post="{ack}" hx-target="#flag-{pk}" hx-swap="outerHTML"'
            f' class="inline"><input type="hidden" name="csrfmiddlewaretoken"'
            f' value="{_e(context.get("csrf_token", ""))}">'
            '<button type="submit" class="btn btn-secondary btn-sm">Acknowledge</button></form>'
        )
    if forms is not None:  # the panel is open below the row: its button closes it
        parts.append(
            f'<a href="{url}" hx-get="{actions_url}?panel=closed" hx-target="#flag-{pk}" hx-swap="outerHTML"'
            ' class="btn btn-quiet btn-sm">Close</a>'
        )
    else:
        parts.append(
            f'<a href="{url}" hx-get="{actions_url}" hx-target="#flag-{pk}" hx-swap="outerHTML"'
            ' class="btn btn-quiet btn-sm">More'
            f'<span class="visually-hidden"> actions on “{title}”</span></a>'
        )
    parts.append("</span></td></tr>")
    return mark_safe("".join(parts))  # noqa: S308 — every value above went through _e
