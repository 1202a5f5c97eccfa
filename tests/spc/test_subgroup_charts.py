"""X̄, S and MR charts (CHART_RULES §3.2, qicharts2 qic.xbar, qic.s and qic.mr)."""

import math
import statistics

import pytest

from spc import analyze
from spc.limits import a3, c4

# Montgomery, Introduction to Statistical Quality Control (7th ed.), Table 6.3: inside diameters of
# piston rings, 25 samples of 5 (the qcc ``pistonrings`` phase I data, with sample 11's last value
# 74.001 and sample 21's first 73.982 as printed in the 7th edition).
PISTON_RINGS = (
    (74.030, 74.002, 74.019, 73.992, 74.008),
    (73.995, 73.992, 74.001, 74.011, 74.004),
    (73.988, 74.024, 74.021, 74.005, 74.002),
    (74.002, 73.996, 73.993, 74.015, 74.009),
    (73.992, 74.007, 74.015, 73.989, 74.014),
    (74.009, 73.994, 73.997, 73.985, 73.993),
    (73.995, 74.006, 73.994, 74.000, 74.005),
    (73.985, 74.003, 73.993, 74.015, 73.988),
    (74.008, 73.995, 74.009, 74.005, 74.004),
    (73.998, 74.000, 73.990, 74.007, 73.995),
    (73.994, 73.998, 73.994, 73.995, 74.001),
    (74.004, 74.000, 74.007, 74.000, 73.996),
    (73.983, 74.002, 73.998, 73.997, 74.012),
    (74.006, 73.967, 73.994, 74.000, 73.984),
    (74.012, 74.014, 73.998, 73.999, 74.007),
    (74.000, 73.984, 74.005, 73.998, 73.996),
    (73.994, 74.012, 73.986, 74.005, 74.007),
    (74.006, 74.010, 74.018, 74.003, 74.000),
    (73.984, 74.002, 74.003, 74.005, 73.997),
    (74.000, 74.010, 74.013, 74.020, 74.003),
    (73.982, 74.001, 74.015, 74.005, 73.996),
    (74.004, 73.999, 73.990, 74.006, 74.009),
    (74.010, 73.989, 73.990, 74.009, 74.014),
    (74.015, 74.008, 73.993, 74.000, 74.010),
    (73.982, 73.984, 73.995, 74.017, 74.013),
)
VALUES = [value for sample in PISTON_RINGS for value in sample]
SAMPLES = [number for number, sample in enumerate(PISTON_RINGS, start=1) for _ in sample]

# Montgomery Example 6.5 (7th ed.): weekly mortgage loan processing costs, for the I and MR charts.
LOAN_COSTS = [
    310,
    288,
    297,
    298,
    307,
    303,
    294,
    297,
    308,
    306,
    294,
    299,
    297,
    299,
    314,
    295,
    293,
    306,
    301,
    304,
]


def test_the_piston_ring_xbar_chart_has_montgomerys_published_lines():
    """Montgomery Example 6.3: x̄̄ = 74.001, s̄ = 0.0094, UCL = 74.001 + 1.427·0.0094 = 74.014 and
    LCL = 73.988. The book rounds s̄ before multiplying, so the limits agree to its 3 decimals ± 1."""
    result = analyze(VALUES, periods=SAMPLES, chart_type="xbar")
    assert round(result["centre"], 3) == 74.001
    point = result["points"][0]
    assert point["n"] == 5 and result["n"] == 25
    assert point["ucl"] == pytest.approx(74.014, abs=0.001)
    assert point["lcl"] == pytest.approx(73.988, abs=0.001)
    assert result["signals"] == []


def test_the_piston_ring_s_chart_has_montgomerys_published_lines():
    """Montgomery Example 6.3: s̄ = 0.0094, UCL = B4·s̄ = 2.089·0.0094 = 0.0196, LCL = B3·s̄ = 0."""
    result = analyze(VALUES, periods=SAMPLES, chart_type="s")
    assert round(result["centre"], 4) == 0.0094
    point = result["points"][0]
    assert point["ucl"] == pytest.approx(0.0196, abs=0.0001)
    assert point["lcl"] == 0
    assert point["value"] == pytest.approx(statistics.stdev(PISTON_RINGS[0]))


def test_the_constants_agree_with_montgomerys_appendix_table():
    """Montgomery Appendix Table VI, n = 5: c4 = 0.9400, A3 = 1.427; n = 10: c4 = 0.9727, A3 = 0.975."""
    assert round(float(c4([5])[0]), 4) == 0.9400
    assert round(float(a3([5])[0]), 3) == 1.427
    assert round(float(c4([10])[0]), 4) == 0.9727
    assert round(float(a3([10])[0]), 3) == 0.975
    assert math.isnan(c4([1])[0])


def test_the_mr_chart_of_example_6_5_has_montgomerys_published_lines():
    """Montgomery Example 6.5: MR̄ = 7.79, UCL = 3.267·7.79 = 25.45, LCL = 0; the I chart beside it
    has x̄ = 300.5 and limits 321.22 and 279.78 (no screening in the book)."""
    result = analyze(LOAN_COSTS, chart_type="mr")
    assert round(result["centre"], 2) == 7.79
    assert result["points"][0]["value"] is None  # no range before the first point
    assert result["points"][1]["value"] == 22
    assert round(result["points"][1]["ucl"], 2) == 25.45
    assert result["points"][1]["lcl"] == 0
    i_chart = analyze(LOAN_COSTS, chart_type="i", screen_mr=False)
    assert i_chart["centre"] == 300.5
    assert (round(i_chart["points"][0]["lcl"], 2), round(i_chart["points"][0]["ucl"], 2)) == (279.78, 321.22)


def test_the_mr_chart_reports_runs_but_never_signals_them():
    """qicharts2 sets runs.signal to FALSE on MR charts; the limit rule still applies."""
    values = [1, 2] * 5 + [1, 50] + [1, 2] * 5
    result = analyze([v + i for i, v in enumerate(values)], chart_type="mr")
    assert result["runs"]["signal"] is False
    assert result["runs"]["longest_run"] is not None
    assert {s["rule"] for s in result["signals"]} <= {"outside_limits"}


def test_unequal_subgroups_pool_the_standard_deviation():
    """Hand computation from §3.2: sizes 2, 3, 4 → s̄ = √(Σ(nᵢ−1)sᵢ² / Σ(nᵢ−1))."""
    groups = [(1, 3), (2, 4, 6), (1, 2, 3, 6)]
    values = [v for g in groups for v in g]
    periods = [i for i, g in enumerate(groups) for _ in g]
    variances = [2.0, 4.0, 14 / 3]
    pooled = math.sqrt((1 * variances[0] + 2 * variances[1] + 3 * variances[2]) / 6)
    s_chart = analyze(values, periods=periods, chart_type="s")
    assert s_chart["centre"] == pytest.approx(pooled)
    xbar = analyze(values, periods=periods, chart_type="xbar")
    assert xbar["centre"] == pytest.approx(sum(values) / len(values))  # Σnᵢx̄ᵢ/Σnᵢ
    assert [p["n"] for p in xbar["points"]] == [2, 3, 4]
    upper = [p["ucl"] for p in xbar["points"]]
    assert upper[0] > upper[1] > upper[2]  # the limits narrow as subgroups grow
    assert xbar["points"][1]["ucl"] == pytest.approx(xbar["centre"] + float(a3([3])[0]) * pooled)


def test_a_subgroup_of_one_gets_no_xbar_limits():
    result = analyze([1, 3, 5, 2, 4, 6], periods=[1, 1, 2, 3, 3, 3], chart_type="xbar")
    assert result["points"][1]["ucl"] is None and result["points"][1]["lcl"] is None
    assert result["points"][1]["n"] == 1
    assert result["points"][0]["ucl"] is not None


def test_a_fixed_centre_replaces_xbar_and_s_bar():
    result = analyze(VALUES, periods=SAMPLES, chart_type="xbar", centre=74.0)
    assert result["centre"] == 74.0 and result["centre_fixed"] is True
    s_chart = analyze(VALUES, periods=SAMPLES, chart_type="s", centre=0.01)
    assert s_chart["points"][0]["ucl"] == pytest.approx(0.01 * 2.0889, abs=1e-4)
