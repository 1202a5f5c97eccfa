"""The scratch analysis API with issue 17's chart types and options: periods, exclude, centre,
multiply and target, and the engine's refusals as field errors."""

import pytest

from tests.support.clients import api_as, assert_error

pytestmark = pytest.mark.django_db

ANALYZE = "/api/v1/charts/analyze/"
STEADY = [50, 52, 49, 51, 48, 50, 53, 49, 51, 50, 52, 48, 51, 49, 50]


def post(personas, data):
    return api_as(personas.member).post(ANALYZE, data, format="json")


def test_an_xbar_chart_groups_rows_by_period(personas):
    data = {"values": [1, 3, 5, 7, 2, 4], "periods": ["b", "a", "b", "a", "c", "c"], "chart_type": "xbar"}
    response = post(personas, data)
    assert response.status_code == 200
    body = response.json()
    # The subgroups in label order, numbered from 1 as exclude and phases count them.
    assert [(p["period"], p["label"], p["value"], p["n"]) for p in body["points"]] == [
        (1, "a", 5, 2),
        (2, "b", 3, 2),
        (3, "c", 3, 2),
    ]
    assert body["chart_type"] == "xbar"


@pytest.mark.parametrize("chart_type", ["mr", "xbar", "s", "pp", "up", "g", "t"])
def test_every_new_chart_type_answers(personas, chart_type):
    data = {"values": [3, 5, 4, 6, 5, 7, 4, 5], "chart_type": chart_type}
    if chart_type in ("pp", "up"):
        data["denominators"] = [50] * 8
    if chart_type in ("xbar", "s"):
        data["periods"] = [1, 1, 2, 2, 3, 3, 4, 4]
    body = post(personas, data).json()
    assert body["chart_type"] == chart_type
    assert {"variation_icon", "assurance_icon", "warnings", "multiply", "target", "excluded"} <= set(body)
    assert {"excluded", "n"} <= set(body["points"][0])


def test_exclude_takes_point_numbers_from_1(personas):
    values = [*STEADY[:9], 95, *STEADY[9:]]
    body = post(personas, {"values": values, "chart_type": "i", "exclude": [10]}).json()
    assert body["excluded"] == [9]
    assert body["points"][9]["excluded"] is True
    assert body["points"][9]["signal"] is True
    assert body["options"]["exclude"] == [9]
    assert "left out of the lines" in body["caption"]


def test_centre_multiply_and_target_reach_the_chart(personas):
    data = {
        "values": [10, 12, 9, 11, 10, 12, 10, 11],
        "denominators": [100] * 8,
        "chart_type": "p",
        "multiply": 100,
        "centre": 10,
        "target": 50,
        "direction": "up",
    }
    body = post(personas, data).json()
    assert body["multiply"] == 100 and body["centre"] == pytest.approx(10) and body["centre_fixed"] is True
    assert body["points"][0]["value"] == pytest.approx(10)
    assert body["assurance_icon"] == "consistent_fail"


def test_a_baseline_with_phases_is_ignored_and_the_answer_says_so(personas):
    body = post(personas, {"values": STEADY, "baseline": 5, "phases": [8]}).json()
    assert body["warnings"] == ["The baseline of 5 points was ignored: each phase has its own lines."]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"values": [1, 2, 3], "chart_type": "i", "multiply": 100}, "multiply"),
        ({"values": [1, 2, 3], "chart_type": "p", "denominators": [5, 5, 5], "multiply": 0}, "multiply"),
        ({"values": [1, 2, 3], "chart_type": "s", "periods": [1, 1, 2]}, "values"),
        ({"values": [1, 2, 3], "chart_type": "xbar"}, "values"),
        ({"values": [4, 0, 3], "chart_type": "t"}, "values"),
        ({"values": [4, -1, 3], "chart_type": "g"}, "values"),
        ({"values": [1, 2], "chart_type": "pp", "denominators": [5, 0]}, "denominators"),
        ({"values": [1, 2], "chart_type": "up"}, "denominators"),
        ({"values": [1, 2, 3], "exclude": [4]}, "exclude"),
        ({"values": [1, 2, 3], "exclude": [0]}, "exclude"),
        ({"values": [1, 2, 3, 4], "periods": [1, 1, 2, 2], "exclude": [3]}, "exclude"),
        ({"values": [1, 2, 3], "periods": [1, 2]}, "periods"),
        ({"values": [1, 2], "periods": [1, "b"]}, "periods"),
        ({"values": [1, 2], "periods": [True, False]}, "periods"),
        ({"values": [1, 2], "periods": [[1], [2]]}, "periods"),
        ({"values": [1, 2], "centre": "middle"}, "centre"),
        ({"values": [1, 2], "chart_type": "c", "centre": -1}, "centre"),
        ({"values": [1, 2], "target": "high"}, "target"),
        ({"values": [1, 2, 3, 4], "periods": [1, 1, 2, 2], "phases": [3]}, "phases"),
        ({"values": [1, 2, 3, 4], "periods": [1, 1, 2, 2], "baseline": 3}, "baseline"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(personas, data, field):
    body = assert_error(post(personas, data), 400, "invalid")
    assert list(body["errors"]) == [field], body


def test_a_numerator_above_its_denominator_is_an_error_on_the_values(personas):
    data = {"values": [5, 40, 6], "denominators": [30, 30, 30], "chart_type": "p"}
    body = assert_error(post(personas, data), 400, "invalid")
    assert list(body["errors"]) == ["values"]
    assert "numerator cannot exceed its denominator" in body["errors"]["values"][0]


def test_a_large_chart_answers_in_one_piece(personas):
    values = [float(i % 17) for i in range(20_000)]
    response = post(personas, {"values": values, "chart_type": "i", "rules": "nhs"})
    assert response.status_code == 200
    body = response.json()
    assert len(body["points"]) == 20_000 and body["n"] == 20_000


def test_an_anonymous_caller_is_refused(client):
    response = client.post(ANALYZE, {"values": [1, 2, 3]}, content_type="application/json")
    assert response.status_code in (401, 403)
