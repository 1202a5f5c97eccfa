"""Funnel limits for proportions and rates (Spiegelhalter 2005), checked against hand arithmetic."""

import math

import pytest

from spc.funnel import Z95, Z998, funnel

# Four teams whose pooled proportion is 125 / 625 = 0.2 exactly.
LABELS = ["A", "B", "C", "D"]
PROPORTION_Y = [12, 29, 64, 20]
PROPORTION_N = [25, 100, 400, 100]


def test_the_pooled_proportion_is_the_sum_of_numerators_over_the_sum_of_denominators():
    assert funnel(LABELS, PROPORTION_Y, PROPORTION_N).centre == 0.2


@pytest.mark.parametrize(
    ("unit", "sd", "lower95", "upper95", "lower998", "upper998"),
    [
        # n = 25:  √(0.2 · 0.8 / 25) = √0.0064 = 0.08;
        #          1.959964 · 0.08 = 0.15679712, 3.090232 · 0.08 = 0.24721856; 0.2 − 0.2472 < 0, clamped to 0
        (0, 0.08, 0.04320288, 0.35679712, 0.0, 0.44721856),
        # n = 100: √(0.16 / 100) = 0.04; 1.959964 · 0.04 = 0.07839856, 3.090232 · 0.04 = 0.12360928
        (1, 0.04, 0.12160144, 0.27839856, 0.07639072, 0.32360928),
        # n = 400: √(0.16 / 400) = 0.02; 1.959964 · 0.02 = 0.03919928, 3.090232 · 0.02 = 0.06180464
        (2, 0.02, 0.16080072, 0.23919928, 0.13819536, 0.26180464),
    ],
)
def test_proportion_limits_at_25_100_and_400(unit, sd, lower95, upper95, lower998, upper998):
    limits = funnel(LABELS, PROPORTION_Y, PROPORTION_N).units[unit].limits
    assert math.sqrt(0.2 * 0.8 / PROPORTION_N[unit]) == pytest.approx(sd)
    assert limits["95"].lower == pytest.approx(lower95, abs=1e-12)
    assert limits["95"].upper == pytest.approx(upper95, abs=1e-12)
    assert limits["99.8"].lower == pytest.approx(lower998, abs=1e-12)
    assert limits["99.8"].upper == pytest.approx(upper998, abs=1e-12)


def test_which_teams_lie_outside_each_band_for_a_proportion():
    chart = funnel(LABELS, PROPORTION_Y, PROPORTION_N)
    # A: 12/25 = 0.48 > 0.4472 (99.8% upper) · B: 0.29 > 0.2784 (95% upper) but < 0.3236
    # C: 64/400 = 0.16 < 0.16080 (95% lower) but > 0.1382 · D: 0.20, on the target
    assert [(u.label, u.outside["95"]) for u in chart.units] == [
        ("A", "above"),
        ("B", "above"),
        ("C", "below"),
        ("D", ""),
    ]
    assert [u.label for u in chart.outside("99.8")] == ["A"]


def test_the_z_values_are_the_two_sided_95_and_99_8_percent_normal_quantiles():
    assert Z95 == 1.959964
    assert Z998 == 3.090232


# Rates: 25 events over 625 units of exposure, ū = 0.04.
RATE_Y = [4, 0, 15, 6]


@pytest.mark.parametrize(
    ("unit", "lower95", "upper95", "lower998", "upper998"),
    [
        # n = 25:  √(0.04 / 25)  = 0.04; ± 0.07839856 and ± 0.12360928; both lowers below 0, clamped
        (0, 0.0, 0.11839856, 0.0, 0.16360928),
        # n = 100: √(0.04 / 100) = 0.02; ± 0.03919928 and ± 0.06180464
        (1, 0.00080072, 0.07919928, 0.0, 0.10180464),
        # n = 400: √(0.04 / 400) = 0.01; ± 0.01959964 and ± 0.03090232
        (2, 0.02040036, 0.05959964, 0.00909768, 0.07090232),
    ],
)
def test_rate_limits_at_25_100_and_400(unit, lower95, upper95, lower998, upper998):
    chart = funnel(LABELS, RATE_Y, PROPORTION_N, kind="rate")
    assert chart.centre == 0.04
    limits = chart.units[unit].limits
    assert limits["95"].lower == pytest.approx(lower95, abs=1e-12)
    assert limits["95"].upper == pytest.approx(upper95, abs=1e-12)
    assert limits["99.8"].lower == pytest.approx(lower998, abs=1e-12)
    assert limits["99.8"].upper == pytest.approx(upper998, abs=1e-12)


def test_which_teams_lie_outside_each_band_for_a_rate():
    chart = funnel(LABELS, RATE_Y, PROPORTION_N, kind="rate")
    # A: 4/25 = 0.16 > 0.1184 but < 0.1636 · B: 0 < 0.0008 · C: 0.0375 and D: 0.06 inside
    assert [u.label for u in chart.outside("95")] == ["A", "B"]
    assert chart.units[1].outside["95"] == "below"
    assert chart.outside("99.8") == []


def test_the_curve_spans_every_team_and_narrows_as_n_grows():
    chart = funnel(LABELS, PROPORTION_Y, PROPORTION_N)
    ns = [p.n for p in chart.curve]
    assert ns[0] == pytest.approx(12.5) and ns[-1] == pytest.approx(440)
    assert ns == sorted(ns)
    widths = [p.limits["95"].upper - p.limits["95"].lower for p in chart.curve]
    assert widths == sorted(widths, reverse=True)
    assert all(0 <= p.limits["99.8"].lower <= p.limits["99.8"].upper <= 1 for p in chart.curve)


@pytest.mark.parametrize(
    ("numerators", "denominators", "kind", "message"),
    [
        ([1, 2], [10, 0], "proportion", "denominator of “B” is 0"),
        ([1, -2], [10, 10], "proportion", "negative"),
        ([1], [10, 10], "proportion", "2 labels, 1 numerators and 2 denominators"),
        ([11, 2], [10, 10], "proportion", "cannot exceed"),
        ([1, 2], [10, 10], "count", "proportion or a rate"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(numerators, denominators, kind, message):
    with pytest.raises(ValueError, match=message):
        funnel(["A", "B"], numerators, denominators, kind=kind)


def test_a_rate_may_exceed_one_per_unit():
    assert funnel(["A"], [30], [10], kind="rate").centre == 3
