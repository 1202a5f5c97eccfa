"""Who may do what to focus areas, measures, data and charts through the API (Taiga-style tables).

The work belongs to Team A: a focus area owned by its lead, with one continuous measure. The
personas and their tree are in tests/conftest.py. ``None`` is someone not signed in.
"""

import pytest

from tests.support.clients import api_as
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db

AIM = {
    "title": "Early reading",
    "problem": "Only 58% of Year 2 read fluently.",
    "aim_what": "Raise the share of Year 2 pupils reading fluently",
    "aim_how_much": "from 58% to 75%",
    "aim_by_when": "2027-07-16",
}

# Who may see Team A's work, and who only learns that it does not exist.
SEEING = [
    ("member", 200),
    ("lead", 200),
    ("leader", 200),
    ("hub_leader", 200),
    ("admin", 200),
    ("sibling_member", 404),
    ("outsider", 404),
    ("loner", 404),
    (None, 401),
]
# Who may shape Team A's focus areas and measures (the lead owns the focus area).
SHAPING = [
    ("member", 403),
    ("lead", 200),
    ("leader", 200),
    ("hub_leader", 200),
    ("admin", 200),
    ("sibling_member", 404),
    ("outsider", 404),
    (None, 401),
]


def as_persona(personas, name):
    return api_as(getattr(personas, name) if name else None)


@pytest.fixture
def focus_area(personas):
    return FocusAreaFactory(team=personas.team_a, owner=personas.lead)


@pytest.fixture
def measure(focus_area):
    return MeasureFactory(focus_area=focus_area)


# --- Focus areas ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "expected"), SEEING)
def test_reading_a_team_a_focus_area(personas, focus_area, persona, expected):
    response = as_persona(personas, persona).get(f"/api/v1/focus-areas/{focus_area.pk}/")
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SHAPING)
def test_changing_a_team_a_focus_area(personas, focus_area, persona, expected):
    response = as_persona(personas, persona).patch(
        f"/api/v1/focus-areas/{focus_area.pk}/", {"title": "Fluency"}
    )
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SHAPING)
def test_closing_a_team_a_focus_area(personas, focus_area, persona, expected):
    response = as_persona(personas, persona).post(f"/api/v1/focus-areas/{focus_area.pk}/close/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("lead", 201),
        ("leader", 201),
        ("hub_leader", 201),
        ("admin", 201),
        ("member", 403),
        # Team A is not a team these people can see, so it reads as nonexistent: a field error.
        ("sibling_member", 400),
        ("outsider", 400),
        ("loner", 400),
        (None, 401),
    ],
)
def test_creating_a_focus_area_in_team_a(personas, persona, expected):
    response = as_persona(personas, persona).post("/api/v1/focus-areas/", {"team": personas.team_a.pk, **AIM})
    assert response.status_code == expected


# --- Measures -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "expected"), SEEING)
def test_reading_a_team_a_measure(personas, measure, persona, expected):
    response = as_persona(personas, persona).get(f"/api/v1/measures/{measure.pk}/")
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SHAPING)
def test_changing_a_team_a_measure(personas, measure, persona, expected):
    response = as_persona(personas, persona).patch(f"/api/v1/measures/{measure.pk}/", {"unit": "pupils"})
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("lead", 201),
        ("leader", 201),
        ("admin", 201),
        ("member", 403),
        ("sibling_member", 400),
        ("outsider", 400),
        (None, 401),
    ],
)
def test_creating_a_measure_in_a_team_a_focus_area(personas, focus_area, persona, expected):
    data = {
        "focus_area": focus_area.pk,
        "name": "Fluent readers",
        "kind": "outcome",
        "definition": "WCPM ≥ 90",
    }
    assert as_persona(personas, persona).post("/api/v1/measures/", data).status_code == expected


# --- Data -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "expected"), SEEING)
def test_reading_a_team_a_measures_data(personas, measure, persona, expected):
    response = as_persona(personas, persona).get(f"/api/v1/measures/{measure.pk}/data/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        # Entering data is everyday work: every member of the team may.
        ("member", 201),
        ("lead", 201),
        ("leader", 201),
        ("admin", 201),
        ("sibling_member", 404),
        ("outsider", 404),
        ("loner", 404),
        (None, 401),
    ],
)
def test_entering_data_for_a_team_a_measure(personas, measure, persona, expected):
    data = {"period": "2026-03-02", "value": 12}
    response = as_persona(personas, persona).post(f"/api/v1/measures/{measure.pk}/data/", data)
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SEEING)
def test_exporting_a_team_a_measures_data(personas, measure, persona, expected):
    response = as_persona(personas, persona).get(f"/api/v1/measures/{measure.pk}/data.csv")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("member", 201), ("lead", 201), ("sibling_member", 404), ("outsider", 404), (None, 401)],
)
def test_importing_data_into_a_team_a_measure(personas, measure, persona, expected):
    response = as_persona(personas, persona).post(
        f"/api/v1/measures/{measure.pk}/data/import/", {"csv": "period,value\n2026-03-02,12\n"}
    )
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("member", 200),
        ("lead", 200),
        ("leader", 200),
        ("sibling_member", 404),
        ("outsider", 404),
        (None, 401),
    ],
)
def test_reading_a_team_a_data_point(personas, measure, persona, expected):
    point = DataPointFactory(measure=measure, entered_by=personas.member)
    response = as_persona(personas, persona).get(f"/api/v1/data-points/{point.pk}/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("member", 200),  # they entered it
        ("lead", 200),
        ("leader", 200),
        ("admin", 200),
        ("sibling_member", 404),
        ("outsider", 404),
        (None, 401),
    ],
)
def test_correcting_a_point_the_member_entered(personas, measure, persona, expected):
    point = DataPointFactory(measure=measure, entered_by=personas.member)
    response = as_persona(personas, persona).patch(f"/api/v1/data-points/{point.pk}/", {"value": 11})
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("member", 403),  # someone else entered it
        ("lead", 204),
        ("leader", 204),
        ("admin", 204),
        ("sibling_member", 404),
        ("outsider", 404),
        (None, 401),
    ],
)
def test_deleting_a_point_the_lead_entered(personas, measure, persona, expected):
    point = DataPointFactory(measure=measure, entered_by=personas.lead)
    response = as_persona(personas, persona).delete(f"/api/v1/data-points/{point.pk}/")
    assert response.status_code == expected


# --- Charts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        # 202: nothing is stored yet, so everyone who may see it is told a build is on its way.
        ("member", 202),
        ("lead", 202),
        ("leader", 202),
        ("admin", 202),
        ("sibling_member", 404),
        ("outsider", 404),
        ("loner", 404),
        (None, 401),
    ],
)
def test_reading_a_team_a_measures_chart(personas, measure, persona, expected):
    response = as_persona(personas, persona).get(f"/api/v1/measures/{measure.pk}/chart/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"), [("member", 200), ("outsider", 200), ("loner", 200), (None, 401)]
)
def test_analysing_scratch_data(personas, persona, expected):
    response = as_persona(personas, persona).post("/api/v1/charts/analyze/", {"values": [3, 4, 5]})
    assert response.status_code == expected
