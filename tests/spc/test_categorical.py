"""Pareto bars, running shares and the vital few; shares of a whole that add up to 100 as shown."""

import pytest

from spc.categorical import breakdown, pareto


def test_pareto_sorts_by_count_then_label_and_runs_the_shares():
    chart = pareto(["Noise", "Late buses", "Homework", "Breakfast"], [10, 40, 10, 40])
    assert [(b.label, b.count) for b in chart.bars] == [
        ("Breakfast", 40),
        ("Late buses", 40),
        ("Homework", 10),
        ("Noise", 10),
    ]
    assert chart.total == 100
    assert [b.share for b in chart.bars] == [0.4, 0.4, 0.1, 0.1]
    assert [b.cumulative for b in chart.bars] == [0.4, 0.8, 0.9, 1.0]


def test_the_vital_few_are_the_fewest_bars_reaching_80_percent_exactly():
    chart = pareto(["a", "b", "c"], [50, 30, 20])
    assert [b.label for b in chart.vital_few] == ["a", "b"]  # 50 + 30 = 80 of 100: reached, not passed


def test_the_vital_few_take_the_bar_that_crosses_80_percent():
    chart = pareto(["a", "b", "c", "d"], [5, 3, 1, 1])  # 50%, 80%: b reaches it
    assert [b.label for b in chart.vital_few] == ["a", "b"]
    chart = pareto(["a", "b", "c", "d"], [4, 3, 2, 1])  # 40%, 70%, 90%
    assert [b.label for b in chart.vital_few] == ["a", "b", "c"]
    assert chart.bars[2].cumulative == 0.9


def test_one_category_with_everything_is_the_vital_few_alone():
    chart = pareto(["a", "b"], [7, 0])
    assert [b.label for b in chart.vital_few] == ["a"]
    assert chart.bars[1].cumulative == 1.0


def test_no_counts_at_all_has_no_vital_few():
    chart = pareto(["a", "b"], [0, 0])
    assert chart.total == 0
    assert chart.vital_few == []
    assert [b.cumulative for b in chart.bars] == [0.0, 0.0]


@pytest.mark.parametrize(
    ("labels", "counts", "message"),
    [
        (["a"], [-1], "negative"),
        (["a", "b"], [1], "2 labels but 1 counts"),
        (["a", "a"], [1, 2], "appears twice"),
        (["a"], [1.5], "whole number"),
    ],
)
def test_bad_counts_are_refused_with_a_clear_message(labels, counts, message):
    with pytest.raises(ValueError, match=message):
        pareto(labels, counts)


def test_shares_shown_add_up_to_exactly_100_by_largest_remainder():
    parts = breakdown(["a", "b", "c"], [1, 1, 1])
    # 33.33… each: rounded down to 33, the one unit left goes to the first of the equal remainders.
    assert [p.percent for p in parts] == [34, 33, 33]
    assert sum(p.percent for p in parts) == 100


def test_largest_remainder_gives_the_units_to_the_largest_remainders():
    parts = breakdown(["a", "b", "c"], [2, 3, 5.5])  # 19.05%, 28.57%, 52.38%
    assert [p.percent for p in parts] == [19, 29, 52]
    tenths = breakdown(["a", "b", "c"], [1, 1, 1], decimals=1)
    assert [p.percent for p in tenths] == pytest.approx([33.4, 33.3, 33.3])


def test_a_whole_of_nothing_has_no_shares():
    assert [p.percent for p in breakdown(["a", "b"], [0, 0])] == [0, 0]


def test_a_negative_part_is_refused():
    with pytest.raises(ValueError, match="negative"):
        breakdown(["a", "b"], [3, -1])
