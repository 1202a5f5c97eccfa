"""Rows sharing a period form one subgroup, sorted by label (qicharts2 qic.agg, CHART_RULES §3.1)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spc import analyze

CHARTS_WITH_ROWS = ["run", "i", "mr", "xbar", "s", "p", "pp", "u", "up", "c", "g"]


def test_rows_sharing_a_label_are_combined_as_qicharts2_does():
    periods = [1, 1, 2, 2, 2]
    assert [p["value"] for p in analyze([1, 3, 2, 4, 6], periods=periods, chart_type="i")["points"]] == [2, 4]
    assert [p["value"] for p in analyze([1, 3, 2, 4, 6], periods=periods, chart_type="c")["points"]] == [
        4,
        12,
    ]
    p_chart = analyze([1, 3, 2, 4, 6], [10, 10, 10, 10, 10], periods=periods, chart_type="p")
    assert [(p["value"], p["n"]) for p in p_chart["points"]] == [(0.2, 20), (0.4, 30)]
    assert [p["n"] for p in analyze([1, 3, 2, 4, 6], periods=periods)["points"]] == [2, 3]


def test_subgroups_are_sorted_by_label_and_dates_become_iso():
    result = analyze([5, 6, 7], periods=[date(2026, 3, 9), date(2026, 3, 2), date(2026, 3, 16)])
    assert [(p["period"], p["value"]) for p in result["points"]] == [
        ("2026-03-02", 6),
        ("2026-03-09", 5),
        ("2026-03-16", 7),
    ]


def test_a_subgroup_with_every_value_missing_is_a_missing_point():
    result = analyze([1, None, None, 4, 5], periods=["a", "b", "b", "c", "c"], chart_type="i")
    assert [p["value"] for p in result["points"]] == [1, None, 4.5]


def grouped_rows(draw, chart_type):
    n_groups = draw(st.integers(2, 12))
    size = st.integers(2, 4) if chart_type in ("xbar", "s") else st.integers(1, 3)
    rows = []
    for label in range(n_groups):
        for _ in range(draw(size)):
            if chart_type in ("p", "pp", "u", "up"):
                den = draw(st.integers(1, 50))
                rows.append((label, draw(st.integers(0, den)), den))
            else:
                rows.append((label, draw(st.integers(0 if chart_type != "g" else 0, 60)), None))
    return rows


def chart_of(rows, chart_type, **options):
    values = [r[1] for r in rows]
    denominators = [r[2] for r in rows] if rows[0][2] is not None else None
    return analyze(values, denominators, periods=[r[0] for r in rows], chart_type=chart_type, **options)


@given(st.data(), st.sampled_from(CHARTS_WITH_ROWS))
def test_shuffled_rows_give_the_same_chart_as_sorted_rows(data, chart_type):
    rows = grouped_rows(data.draw, chart_type)
    shuffled = data.draw(st.permutations(rows))
    sorted_chart = chart_of(rows, chart_type)
    shuffled_chart = chart_of(list(shuffled), chart_type)
    assert shuffled_chart["centre"] == pytest.approx(sorted_chart["centre"], nan_ok=True)
    for a, b in zip(sorted_chart["points"], shuffled_chart["points"], strict=True):
        assert a["period"] == b["period"] and a["n"] == b["n"] and a["signal"] == b["signal"]
        for key in ("value", "cl", "ucl", "lcl"):
            assert (a[key] is None) == (b[key] is None)
            if a[key] is not None:
                assert b[key] == pytest.approx(a[key])


@given(st.data(), st.sampled_from(["p", "pp", "u", "up"]), st.sampled_from([10, 100, 1000, 2.5]))
def test_multiply_scales_values_centre_and_limits_linearly(data, chart_type, factor):
    rows = grouped_rows(data.draw, chart_type)
    plain = chart_of(rows, chart_type)
    scaled = chart_of(rows, chart_type, multiply=factor)
    assert scaled["multiply"] == factor
    assert [s["start_index"] for s in scaled["signals"]] == [s["start_index"] for s in plain["signals"]]
    for a, b in zip(plain["points"], scaled["points"], strict=True):
        for key in ("value", "cl", "ucl", "lcl"):
            if a[key] is None:
                assert b[key] is None
            else:
                assert b[key] == pytest.approx(a[key] * factor)


def test_a_fixed_centre_is_given_in_the_multiplied_units():
    counts, sizes = [10, 12, 9, 11, 10, 12, 10, 11], [100] * 8
    result = analyze(counts, sizes, chart_type="p", multiply=100, centre=10)
    assert result["centre"] == pytest.approx(10)
    assert result["centre_fixed"] is True
    plain = analyze(counts, sizes, chart_type="p", centre=0.1)
    assert result["points"][0]["ucl"] == pytest.approx(plain["points"][0]["ucl"] * 100)
