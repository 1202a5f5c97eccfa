"""The flags a person may see, as CSV or Excel, with the dashboard's filters: nobody else's flags, no
formula from a flag's title, the network's own clock, and a query count that does not grow."""

import csv
import io
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from andon import services
from andon.models import Flag
from playbook import clock
from tests.support.andon import MONDAY_10, raise_at

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_a_member_downloads_their_teams_flags_and_nobody_elses(client, personas):
    mine = raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title="No cover in Year 4")
    raise_at(MONDAY_10, by=personas.sibling_member, team=personas.team_b, title="The sibling's own")
    raise_at(MONDAY_10, by=personas.outsider, team=personas.other_team, title="Another network's")
    client.force_login(personas.member)

    rows = csv_rows(client.get(reverse("andon-flag-export")))

    assert [row["title"] for row in rows] == ["No cover in Year 4"]
    row = rows[0]
    assert row["id"] == str(mine.pk)
    assert (row["team"], row["held_by"], row["status"]) == ("Team A", "Team A", "Open")
    assert row["raised_at"] == "2026-03-02T10:00:00"  # London's clock, as the network reads it
    assert row["link"].endswith(reverse("andon-flag-detail", args=[mine.pk]))


def test_the_download_keeps_the_dashboards_filters(client, personas):
    raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title="Urgent", severity="high")
    raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title="Can wait", severity="low")
    solved = raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title="Solved already")
    with clock.frozen_at(MONDAY_10):
        services.resolve_flag(flag=solved, by=personas.lead, resolution="Cover booked", learning="Book early")
    client.force_login(personas.lead)

    high = csv_rows(client.get(reverse("andon-flag-export"), {"severity": "high"}))
    unresolved = csv_rows(client.get(reverse("andon-flag-export")))
    everything = csv_rows(client.get(reverse("andon-flag-export"), {"status": "all"}))

    assert [r["title"] for r in high] == ["Urgent"]
    assert sorted(r["title"] for r in unresolved) == ["Can wait", "Urgent"]
    assert len(everything) == 3
    resolved = next(r for r in everything if r["title"] == "Solved already")
    assert (resolved["resolution"], resolved["learning"]) == ("Cover booked", "Book early")


def test_a_title_that_looks_like_a_formula_stays_text_in_both_formats(client, personas):
    raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title='=HYPERLINK("http://evil","x")')
    client.force_login(personas.member)

    as_csv = csv_rows(client.get(reverse("andon-flag-export")))
    workbook = client.get(reverse("andon-flag-export-xlsx"))

    assert as_csv[0]["title"] == '\'=HYPERLINK("http://evil","x")'
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    header = [cell.value for cell in sheet[1]]
    title = sheet.cell(row=2, column=header.index("title") + 1)
    assert (title.value, title.data_type) == ('\'=HYPERLINK("http://evil","x")', "s")
    assert sheet.cell(row=2, column=header.index("raised_at") + 1).value == datetime(2026, 3, 2, 10, 0)
    assert workbook["Content-Disposition"].startswith('attachment; filename="flags-')


def test_the_download_reads_the_same_few_queries_for_three_flags_or_thirty(client, personas):
    client.force_login(personas.lead)

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            response = client.get(reverse("andon-flag-export-xlsx"))
            assert response.status_code == 200
        return len(seen)

    for _ in range(3):
        raise_at(MONDAY_10, by=personas.member, team=personas.team_a)
    few = queries()
    for _ in range(27):
        raise_at(MONDAY_10, by=personas.member, team=personas.team_a)

    assert queries() == few
    assert Flag.objects.count() == 30


def test_signing_in_comes_first(client):
    response = client.get(reverse("andon-flag-export"))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
