"""Laney's P′ and U′ charts (CHART_RULES §3.2; qicharts2 qic.pp and qic.up).

No published Laney example with its data was found to cite, so the expected values are computed by
hand in each test from the formula: σᵢ as for P (or U), zᵢ = (yᵢ − CL)/σᵢ over the baseline,
σ_z = AMR(z)/1.128 (screened when screen_mr), limits CL ± 3·σᵢ·σ_z.
"""

import math
import statistics

import pytest

from spc import analyze

COUNTS = [52, 61, 38, 70, 45, 80, 41, 66, 58, 49, 73, 36]
SIZES = [500, 520, 480, 510, 490, 530, 470, 505, 515, 495, 500, 485]


def laney(cl, sigmas, ratios, screen):
    z = [(y - cl) / s for y, s in zip(ratios, sigmas, strict=True)]
    ranges = [abs(b - a) for a, b in zip(z, z[1:], strict=False)]
    amr = statistics.mean(ranges)
    if screen:
        amr = statistics.mean([r for r in ranges if r < 3.267 * amr])
    return amr / 1.128


@pytest.mark.parametrize("screen", [True, False])
def test_p_prime_limits_widen_the_p_chart_by_sigma_z(screen):
    cl = sum(COUNTS) / sum(SIZES)
    sigmas = [math.sqrt(cl * (1 - cl) / n) for n in SIZES]
    ratios = [c / n for c, n in zip(COUNTS, SIZES, strict=True)]
    sigma_z = laney(cl, sigmas, ratios, screen)
    result = analyze(COUNTS, SIZES, chart_type="pp", screen_mr=screen)
    assert result["centre"] == pytest.approx(cl)
    for point, sigma in zip(result["points"], sigmas, strict=True):
        assert point["ucl"] == pytest.approx(min(1, cl + 3 * sigma * sigma_z))
        assert point["lcl"] == pytest.approx(max(0, cl - 3 * sigma * sigma_z))
    assert sigma_z > 1  # these counts vary more than binomially
    p_chart = analyze(COUNTS, SIZES, chart_type="p")
    assert result["points"][0]["ucl"] > p_chart["points"][0]["ucl"]


def test_u_prime_limits_widen_the_u_chart_by_sigma_z():
    cl = sum(COUNTS) / sum(SIZES)
    sigmas = [math.sqrt(cl / n) for n in SIZES]
    ratios = [c / n for c, n in zip(COUNTS, SIZES, strict=True)]
    sigma_z = laney(cl, sigmas, ratios, True)
    result = analyze(COUNTS, SIZES, chart_type="up")
    for point, sigma in zip(result["points"], sigmas, strict=True):
        assert point["ucl"] == pytest.approx(cl + 3 * sigma * sigma_z)
        assert point["lcl"] == pytest.approx(max(0, cl - 3 * sigma * sigma_z))


def test_laney_sigma_z_comes_from_the_baseline_only():
    baseline = analyze(COUNTS, SIZES, chart_type="pp", baseline=6)
    cl = sum(COUNTS[:6]) / sum(SIZES[:6])
    sigmas = [math.sqrt(cl * (1 - cl) / n) for n in SIZES[:6]]
    ratios = [c / n for c, n in zip(COUNTS[:6], SIZES[:6], strict=True)]
    sigma_z = laney(cl, sigmas, ratios, True)
    last = baseline["points"][-1]
    assert last["ucl"] == pytest.approx(cl + 3 * math.sqrt(cl * (1 - cl) / SIZES[-1]) * sigma_z)


def test_multiply_scales_a_p_prime_chart():
    plain = analyze(COUNTS, SIZES, chart_type="pp")
    percent = analyze(COUNTS, SIZES, chart_type="pp", multiply=100)
    assert percent["multiply"] == 100
    for a, b in zip(plain["points"], percent["points"], strict=True):
        assert b["value"] == pytest.approx(a["value"] * 100)
        assert b["ucl"] == pytest.approx(a["ucl"] * 100)
    assert percent["centre"] == pytest.approx(plain["centre"] * 100)
