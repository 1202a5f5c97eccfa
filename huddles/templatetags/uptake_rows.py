"""One team's row of the uptake table, written in Python.

A hub leader's table has a row for each of some sixty teams with seven cells and four links each;
through a template, resolving and escaping those values took most of the panel's time (more than
its six queries). Django's admin writes its change list rows in Python for the same reason. Every
value is escaped here; the table's head and empty state stay in ``huddles/_home_panel_uptake.html``.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_NONE = '<span class="muted">—</span>'


def _e(value) -> str:
    """What Django's ``escape`` does (``&<>"'``), without its check for lazy text on every call."""
    return escape(str(value), quote=True)


@register.simple_tag
def uptake_row(row) -> SafeString:
    """The team's ``<tr>``: its name and cluster, then each figure linked to the work behind it."""
    team, urls = row.team, row.urls
    huddles = _e(urls["huddles"])
    parent = f' <span class="meta">in {_e(team.parent.name)}</span>' if team.parent else ""
    attendance = row.attendance_percent
    return mark_safe(  # noqa: S308 — every value above went through _e
        "".join(
            [
                '<tr data-testid="uptake-row">',
                f'<th scope="row"><a href="{_e(urls["team"])}">{_e(team.name)}</a>{parent}</th>',
                f'<td class="num" data-label="People">{row.people}</td>',
                f'<td class="num" data-label="Cycles started"><a href="{_e(urls["cycles_started"])}">'
                f"{row.cycles_started}</a></td>",
                f'<td class="num" data-label="Cycles studied"><a href="{_e(urls["cycles_studied"])}">'
                f"{row.cycles_studied}</a></td>",
                f'<td class="num" data-label="Huddles held"><a href="{huddles}">'
                f"{row.meetings_held} of {row.meetings_scheduled}</a></td>",
                '<td class="num" data-label="Attendance">',
                f'<a href="{huddles}">{attendance}%</a>' if attendance is not None else _NONE,
                '</td><td class="num" data-label="Actions on time">',
                f'<a href="{huddles}">{row.actions_on_time} of {row.actions_due}</a>'
                if row.actions_due
                else _NONE,
                "</td></tr>",
            ]
        )
    )
