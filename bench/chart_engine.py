"""How long the chart engine takes, from 100 to 100,000 points.

Target (DESIGN.md §7): 10,000 points with every rule and signal in ≤ 1 ms for run and I charts; the
issue's hard limit is "well under 50 ms". Prints figures; asserts nothing.

* core: ``compute_chart`` (checks, lines, every rule, signals as arrays);
* full: ``analyze``, which adds the plain-data output (one dict per point; this dominates);
* cold: the first ``analyze`` call for that length, before the critical-value caches are warm.

Inputs are Python lists with about 1% None, as the chart builders pass them. Times are the median of
several repeats, in milliseconds.
    .venv/bin/python bench/chart_engine.py [--sizes 100 1000 10000 100000]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spc import analyze  # noqa: E402
from spc.engine import compute_chart  # noqa: E402
from spc.options import ChartOptions  # noqa: E402


def series(chart_type: str, n: int, rng: np.random.Generator) -> tuple[list, list | None]:
    if chart_type in ("run", "i"):
        values = rng.normal(50, 5, n)
        denominators = None
    elif chart_type == "p":
        denominators = rng.integers(50, 200, n)
        values = rng.binomial(denominators, 0.2).astype(float)
    else:
        values = rng.poisson(6, n).astype(float)
        denominators = None
    values = [
        None if missing else v for v, missing in zip(values.tolist(), rng.random(n) < 0.01, strict=True)
    ]
    return values, None if denominators is None else denominators.tolist()


def median_ms(call, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def measure(chart_type: str, rules: str, n: int, rng) -> tuple[float, float, float]:
    values, denominators = series(chart_type, n, rng)
    options = ChartOptions(chart_type=chart_type, rules=rules)
    start = time.perf_counter()
    analyze(values, denominators, options=options)
    cold = (time.perf_counter() - start) * 1e3
    repeats = max(5, min(101, 200_000 // n))
    core = median_ms(lambda: compute_chart(values, denominators, options=options), repeats)
    full = median_ms(lambda: analyze(values, denominators, options=options), repeats)
    return core, full, cold


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000, 100_000])
    args = parser.parse_args()
    rng = np.random.default_rng(2026)

    print("Anhøj rules (the default), median of repeats, ms")
    print(f"{'chart':>5} {'points':>8} {'core':>9} {'full':>9} {'cold':>9}")
    for chart_type in ("run", "i", "p", "c"):
        for n in args.sizes:
            core, full, cold = measure(chart_type, "anhoej", n, rng)
            print(f"{chart_type:>5} {n:>8,} {core:>9.3f} {full:>9.3f} {cold:>9.3f}")

    print("\nEvery rule set at 10,000 points, ms")
    print(f"{'chart':>5} {'rules':>7} {'core':>9} {'full':>9}")
    for chart_type in ("run", "i"):
        for rules in ("anhoej", "ihi", "nhs"):
            core, full, _ = measure(chart_type, rules, 10_000, rng)
            print(f"{chart_type:>5} {rules:>7} {core:>9.3f} {full:>9.3f}")


if __name__ == "__main__":
    main()
