"""Excluded subgroups: out of the centre, limits, moving ranges (bridged) and runs analysis, still drawn
and still flagged by the limits (CHART_RULES §3.1 and §6.8; qicharts2 ``exclude``)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spc import analyze

VALUES = [50, 52, 49, 51, 48, 50, 53, 49, 51, 95, 50, 52, 48, 51, 49]


def test_an_excluded_point_is_drawn_flagged_and_left_out_of_the_lines():
    result = analyze(VALUES, chart_type="i", screen_mr=False, exclude=(9,))
    kept = VALUES[:9] + VALUES[10:]
    assert result["centre"] == pytest.approx(sum(kept) / len(kept))
    # the moving range bridges 51 → 50 over the excluded 95
    ranges = [abs(b - a) for a, b in zip(kept, kept[1:], strict=False)]
    assert result["mr"]["amr"] == pytest.approx(sum(ranges) / len(ranges))
    point = result["points"][9]
    assert point["excluded"] is True and point["value"] == 95 and point["signal"] is True
    assert [s["rule"] for s in result["signals"]] == ["outside_limits"]
    assert result["excluded"] == [9]
    assert sum(p["excluded"] for p in result["points"]) == 1


def test_an_excluded_point_takes_no_part_in_the_runs_analysis():
    result = analyze([1, 2, 3, 4, 5, 6], exclude=(0, 5))
    assert result["n_useful"] == 4 - 0  # 2, 3, 4, 5 around their median 3.5
    assert result["centre"] == 3.5


def test_exclusions_apply_within_their_phase():
    values = [1, 2, 3, 100, 10, 11, 12, 13]
    result = analyze(values, chart_type="c", phase_starts=(4,), exclude=(3,))
    assert result["phases"][0]["centre"] == 2
    assert result["phases"][1]["centre"] == 11.5


def test_excluding_every_point_of_a_phase_leaves_it_without_lines_and_says_so():
    result = analyze([1, 2, 3, 4], chart_type="i", phase_starts=(2,), exclude=(2, 3))
    assert result["phases"][1]["centre"] is None
    assert result["warnings"] == ["Phase 2 has no included points with a value, so it has no centre line."]


SERIES = st.lists(st.integers(0, 40), min_size=4, max_size=30)


def _without(seq, index):
    return seq[:index] + seq[index + 1 :]


@given(SERIES, st.data(), st.sampled_from(["i", "c", "p", "u", "xbar"]))
def test_excluding_a_point_gives_the_lines_of_the_chart_without_it(values, data, chart_type):
    index = data.draw(st.integers(0, len(values) - 1))
    denominators, periods = None, None
    if chart_type in ("p", "u"):
        denominators = [v + data.draw(st.integers(1, 20)) for v in values]
    if chart_type == "xbar":
        values = [v for v in values for _ in range(2)]
        values = [v + (i % 2) * data.draw(st.integers(0, 3)) for i, v in enumerate(values)]
        periods = [i // 2 for i in range(len(values))]
    excluded = analyze(values, denominators, periods=periods, chart_type=chart_type, exclude=(index,))
    if periods is not None:
        keep = [i for i, p in enumerate(periods) if p != index]
        removed = analyze(
            [values[i] for i in keep], periods=[periods[i] for i in keep], chart_type=chart_type
        )
    else:
        removed = analyze(
            _without(values, index),
            None if denominators is None else _without(denominators, index),
            chart_type=chart_type,
        )
    assert excluded["centre"] == pytest.approx(removed["centre"], nan_ok=True)
    if chart_type == "i":
        assert excluded["mr"]["amr"] == pytest.approx(removed["mr"]["amr"], nan_ok=True)
    kept_points = _without(excluded["points"], index)
    for a, b in zip(kept_points, removed["points"], strict=True):
        assert a["ucl"] == pytest.approx(b["ucl"], nan_ok=True) if b["ucl"] is not None else a["ucl"] is None
        assert a["lcl"] == pytest.approx(b["lcl"], nan_ok=True) if b["lcl"] is not None else a["lcl"] is None
