"""The cycles download, on the page and in the API, as CSV or Excel: exactly the cycles the list shows
that person, with its filters; nothing for someone who is not signed in."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cycles import services
from cycles.exports import COLUMNS
from tests.support.clients import api_as, page_as
from tests.support.cycles import make_plan

pytestmark = pytest.mark.django_db

TITLE = COLUMNS.index("title")


@pytest.fixture
def both_teams(world):
    make_plan(world, title="Team A's plan")
    make_plan(world, title="Team B's plan", team=world.team_b, by=world.sibling_member, focus_area=None,
              change_idea=None, predictions=[services.PredictionInput("They will read more.")])  # fmt: skip
    return world


def titles_in_csv(response) -> list[str]:
    assert response.status_code == 200
    return [row["title"] for row in csv.DictReader(io.StringIO(response.content.decode()))]


def titles_in_xlsx(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [row[TITLE] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("who", ["member", "sibling_member"])
def test_each_team_gets_its_own_cycles_and_not_the_other_teams_in_either_file(both_teams, who):
    person = getattr(both_teams, who)
    mine = "Team A's plan" if who == "member" else "Team B's plan"
    page, api = page_as(person), api_as(person)

    assert titles_in_csv(page.get(reverse("cycle-export"))) == [mine]
    assert titles_in_xlsx(page.get(reverse("cycle-export-xlsx"))) == [mine]
    assert titles_in_csv(api.get("/api/v1/cycles/export.csv")) == [mine]
    assert titles_in_xlsx(api.get("/api/v1/cycles/export.xlsx")) == [mine]


def test_someone_from_another_network_gets_an_empty_file(both_teams):
    assert titles_in_xlsx(page_as(both_teams.outsider).get(reverse("cycle-export-xlsx"))) == []


def test_the_api_workbook_keeps_the_lists_filters(both_teams):
    services.start_cycle(cycle=make_plan(both_teams, title="Running one"), by=both_teams.member)
    api = api_as(both_teams.leader)

    assert titles_in_xlsx(api.get("/api/v1/cycles/export.xlsx", {"stage": "doing"})) == ["Running one"]
    assert api.get("/api/v1/cycles/export.xlsx", {"stage": "dreaming"}).status_code == 400


def test_signing_in_comes_first(both_teams, client):
    response = client.get(reverse("cycle-export-xlsx"))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert api_as(None).get("/api/v1/cycles/export.xlsx").status_code == 401
