"""The scratch pad charts pasted numbers with every option a stored chart has: each chart type, period
labels that make subgroups, points left out, a fixed centre, a multiplier and a target. Bad input is
said on the form, beside the box it is about; never a server error."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

STEADY = ["10", "12", "11", "13", "9", "12", "10", "11", "13", "12", "10", "11", "12", "9", "11", "12"]


def scratch(client, **extra):
    data = {
        "values": "",
        "chart_type": "run",
        "rules": "anhoej",
        "direction": "up",
        "screen_mr": "on",
        **extra,
    }
    return client.post(reverse("chart-scratchpad"), data)


@pytest.fixture
def signed_in(client, personas):
    client.force_login(personas.member)
    return client


@pytest.mark.parametrize(
    ("chart_type", "values", "periods"),
    [
        ("run", STEADY, None),
        ("i", STEADY, None),
        ("mr", STEADY, None),
        ("c", STEADY, None),
        ("g", STEADY, None),
        ("t", STEADY, None),
        ("p", [f"{v},30" for v in STEADY], None),
        ("pp", [f"{v},300" for v in STEADY], None),
        ("u", [f"{v},40" for v in STEADY], None),
        ("up", [f"{v},400" for v in STEADY], None),
        ("xbar", STEADY, [str(i // 2) for i in range(16)]),
        ("s", STEADY, [str(i // 2) for i in range(16)]),
    ],
)
def test_every_chart_type_draws(signed_in, chart_type, values, periods):
    extra = {"periods": "\n".join(periods)} if periods else {}

    response = scratch(signed_in, values="\n".join(values), chart_type=chart_type, **extra)

    assert response.status_code == 200, response.context["form"].errors
    assert response.context["form"].errors == {}
    assert response.context["result"]["chart_type"] == chart_type
    assert 'data-figure="scratchpad-figure"' in response.content.decode()


def test_rows_sharing_a_label_form_one_subgroup(signed_in):
    labels = ["2026-01-05", "2026-01-05", "2026-01-12", "2026-01-12", "2026-01-19", "2026-01-19"]

    response = scratch(signed_in, values="\n".join(STEADY[:6]), chart_type="xbar", periods="\n".join(labels))

    result = response.context["result"]
    assert [p["period"] for p in result["points"]] == ["2026-01-05", "2026-01-12", "2026-01-19"]
    assert [p["n"] for p in result["points"]] == [2, 2, 2]


def test_left_out_points_are_counted_from_one(signed_in):
    values = STEADY[:8] + ["60"] + STEADY[8:]

    response = scratch(signed_in, values="\n".join(values), chart_type="i", exclude="9")

    result = response.context["result"]
    assert result["excluded"] == [8]
    assert result["points"][8]["excluded"]
    assert "Excluded" in response.content.decode()


def test_a_fixed_centre_a_multiplier_and_a_target_reach_the_chart(signed_in):
    values = "\n".join(f"{v},30" for v in STEADY)

    response = scratch(signed_in, values=values, chart_type="p", centre="40", multiplier="100", target="80")

    result = response.context["result"]
    assert result["multiply"] == 100 and result["centre_fixed"] and result["points"][0]["cl"] == 40
    assert result["assurance_icon"] == "consistent_fail"
    page = response.content.decode()
    assert 'data-icon="assurance"' in page and 'data-icon="variation"' in page


def test_the_warning_about_a_baseline_with_phases_is_on_the_page(signed_in):
    response = scratch(signed_in, values="\n".join(STEADY), baseline="6", phase_starts="9")

    assert "each phase has its own lines" in response.content.decode()


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"values": "1\n2\n3", "periods": "1\n2"}, "periods", "Give one label a line for each of the 3"),
        ({"values": "1\n2", "periods": "a\nb"}, "periods", "neither a number nor a date"),
        ({"values": "1\n2\n3", "exclude": "4"}, "exclude", "Leave out points from 1 to 3."),
        ({"values": "1\n2\n3", "exclude": "x"}, "exclude", "“x” is not a point number."),
        ({"values": "1\n2\n3", "multiplier": "100"}, "multiplier", "P, P′, U and U′ charts only"),
        ({"values": "1\n2\n3", "multiplier": "0"}, "multiplier", "greater than or equal to 1"),
        ({"values": "1\n2\n3", "centre": "abc"}, "centre", "Enter a number."),
        ({"values": "1\n2\n3", "target": "x"}, "target", "Enter a number."),
        (
            {"values": "3\n0\n2", "chart_type": "t"},
            "values",
            "Point 2: the days between events must be above 0.",
        ),
        ({"values": "1\n2\n3", "periods": "1\n1\n1", "exclude": "2"}, "exclude", "from 1 to 1"),
    ],
)
def test_bad_input_is_said_beside_its_box(signed_in, extra, field, message):
    response = scratch(signed_in, **extra)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["result"] is None


def test_the_engines_refusal_lands_on_the_field_it_names(signed_in):
    # One score a week cannot give an S chart its spread: the engine refuses, naming the values.
    response = scratch(signed_in, values="\n".join(STEADY[:6]), chart_type="s")

    assert response.status_code == 200
    assert response.context["result"] is None
    assert response.context["form"].errors
    assert "__all__" not in response.context["form"].errors


def test_a_negative_centre_on_a_p_chart_is_refused_on_the_centre_box(signed_in):
    values = "\n".join(f"{v},30" for v in STEADY)

    response = scratch(signed_in, values=values, chart_type="p", centre="-1")

    assert response.status_code == 200
    assert response.context["form"].errors["centre"]
