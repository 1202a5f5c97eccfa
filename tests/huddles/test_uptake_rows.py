"""The uptake table's rows are written in Python for speed; they must say exactly what the template
they replaced said, escaping included."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse

from huddles.templatetags.uptake_rows import uptake_row
from huddles.uptake import UptakeRow, _links_for_teams

# The row as the panel's template wrote it before (whitespace aside).
TEMPLATE_ROW = Template(
    "".join(
        [
            '{% with urls=row.urls %}<tr data-testid="uptake-row">',
            '<th scope="row"><a href="{{ urls.team }}">{{ row.team.name }}</a>{% if row.team.parent %}',
            ' <span class="meta">in {{ row.team.parent.name }}</span>{% endif %}</th>',
            '<td class="num" data-label="People">{{ row.people }}</td>',
            '<td class="num" data-label="Cycles started">',
            '<a href="{{ urls.cycles_started }}">{{ row.cycles_started }}</a></td>',
            '<td class="num" data-label="Cycles studied">',
            '<a href="{{ urls.cycles_studied }}">{{ row.cycles_studied }}</a></td>',
            '<td class="num" data-label="Huddles held">',
            '<a href="{{ urls.huddles }}">{{ row.meetings_held }} of {{ row.meetings_scheduled }}</a></td>',
            '<td class="num" data-label="Attendance">{% if row.attendance_percent is not None %}',
            '<a href="{{ urls.huddles }}">{{ row.attendance_percent }}%</a>',
            '{% else %}<span class="muted">—</span>{% endif %}</td>',
            '<td class="num" data-label="Actions on time">{% if row.actions_due %}',
            '<a href="{{ urls.huddles }}">{{ row.actions_on_time }} of {{ row.actions_due }}</a>',
            '{% else %}<span class="muted">—</span>{% endif %}</td>',
            "</tr>{% endwith %}",
        ]
    )
)


def team(pk, name, parent=None):
    return SimpleNamespace(pk=pk, name=name, parent=parent)


CLUSTER = team(2, "North & <East> cluster")

ROWS = [
    UptakeRow(team(7, "Hill's \"Primary\"", CLUSTER), 12, 3, 1, 4, 3, attendances=30, actions_due=5,
              actions_on_time=4),
    UptakeRow(team(8, "Quiet school"), people=9),
    UptakeRow(team(9, "Nobody here", CLUSTER), people=0, meetings_scheduled=2, meetings_held=2),
    UptakeRow(team(10, "<script>alert(1)</script>", CLUSTER), people=3, meetings_held=1, attendances=1,
              actions_due=2),
]  # fmt: skip


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.team.name)
def test_a_row_written_in_python_equals_the_template_it_replaced(row):
    row.urls = _links_for_teams()(row.team.pk)

    assert uptake_row(row) == TEMPLATE_ROW.render(Context({"row": row}))


def test_each_team_links_to_its_own_page_cycles_and_huddles():
    links = _links_for_teams()(42)

    assert links == {
        "team": reverse("team-detail", args=[42]),
        "cycles_started": "/cycles/?team=42",
        "cycles_studied": "/cycles/?team=42&stage=acting",
        "huddles": "/huddles/?team=42",
    }
