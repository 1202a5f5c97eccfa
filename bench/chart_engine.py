"""How long the chart engine takes, for every chart type, from 100 to 100,000 points.

Targets (issue 17): 10,000 points, any chart type, every rule: the core under 1 ms, and the JSON
bytes within 5× of the core. Prints figures; asserts nothing.

* core: ``compute_chart`` (checks, grouping, lines, every rule, signals as arrays);
* full: ``analyze``, which adds the plain-data output (one dict per point);
* json: ``analyze_json``, the same data as ``orjson.dumps(analyze(...))`` bytes, built by columns.
  (Before this issue there was no analyze_json: "json" then is ``orjson.dumps(analyze(...))``.)

Inputs are Python lists with about 1% None, as the chart builders pass them. For X̄ and S charts the
size is the number of rows, in subgroups of 5 given by integer periods (so 10,000 rows are 2,000
subgroups). Times are the median of several repeats, in milliseconds, on a shared machine (other
jobs were running: treat differences under ~30% as noise).
    .venv/bin/python bench/chart_engine.py [--sizes 100 1000 10000 100000] [--rules anhoej ihi nhs]
        [--charts run i …]

Before (the engine at the start of issue 17, Anhøj rules; json = orjson.dumps(analyze())):

    chart   points      core      full      json
      run      100     0.059     0.097     0.111
      run    1,000     0.099     0.410     0.831
      run   10,000     0.644    13.574    15.778
      run  100,000    21.278   143.843   228.473
        i      100     0.087     0.137     0.153
        i    1,000     0.198     0.893     1.514
        i   10,000     1.952    14.789    23.801
        i  100,000    20.598   181.016   243.335
        p      100     0.100     0.164     0.278
        p    1,000     0.306     0.805     0.945
        p   10,000     1.384    20.196    20.985
        p  100,000    33.215   255.575   233.962
        u      100     0.096     0.153     0.223
        u    1,000     0.301     1.334     1.094
        u   10,000     1.068    19.874    22.345
        u  100,000    15.980   187.221   283.455
        c      100     0.074     0.120     0.136
        c    1,000     0.148     0.768     0.823
        c   10,000     1.102    14.653    17.010
        c  100,000    23.613   185.708   261.661

    The same code on a quieter machine earlier the same day (the old script: core, full):
    run 10,000: 0.678, 5.916; i 10,000: 1.139, 4.794; p 10,000: 0.931, 4.559; c 10,000: 0.782, 4.437.
    Every rule set at 10,000 points (core): run anhoej 0.545, ihi 1.765, nhs 0.772;
    i anhoej 1.146, ihi 2.391, nhs 2.113. (mr, xbar, s, pp, up, g and t did not exist.)

Speed-up of the core (the leftovers of issue 17), results unchanged to the bit. Every rule set at
10,000 points, core ms, each the better of two full runs of this script taken alternately on the
same shared 2-core machine, before (the engine as it stood) and after; in brackets json/core
after, from the second run:

    chart  anhoej             ihi                nhs
      run  0.65 → 0.51 (4.7)  1.48 → 1.13 (3.3)  0.94 → 0.75 (4.5)
        i  1.05 → 0.83 (4.2)  1.53 → 1.25 (3.6)  1.59 → 1.45 (2.7)
       mr  0.91 → 0.64 (5.2)  1.47 → 0.64 (5.3)  1.94 → 0.67 (5.2)
     xbar  1.62 → 1.16 (1.6)  1.82 → 1.30 (1.6)  1.79 → 1.34 (1.5)
        s  1.65 → 1.10 (1.7)  1.77 → 1.20 (1.7)  1.84 → 1.28 (1.6)
        p  1.15 → 0.96 (4.5)  1.61 → 1.33 (3.8)  1.82 → 1.42 (3.4)
       pp  1.47 → 1.26 (3.6)  1.93 → 1.63 (3.3)  2.16 → 1.72 (3.0)
        u  1.07 → 0.98 (4.2)  1.61 → 1.34 (4.3)  1.60 → 1.41 (3.4)
       up  1.45 → 1.23 (3.2)  1.95 → 1.65 (3.2)  1.99 → 1.76 (3.0)
        c  0.84 → 0.65 (3.7)  1.35 → 1.01 (3.1)  1.51 → 1.22 (2.6)
        g  1.23 → 0.92 (3.1)  1.73 → 1.32 (2.8)  1.79 → 1.45 (2.4)
        t  1.20 → 1.03 (2.8)  1.68 → 1.45 (2.5)  1.79 → 1.46 (2.4)

    Under 1 ms now: MR under every rule set; run charts under Anhøj and NHS rules; I, P, U, C and
    G charts under Anhøj rules. Still between 1.0 and 1.8 ms: IHI and NHS rules on the other charts,
    and X̄, S, P′, U′ and T charts under any. What is left, at 10,000 points: turning the caller's
    lists into arrays (0.15 ms a list, 0.4 ms for a P chart's two), R's long-double mean for a
    centre line (0.12 ms) and the two long-double averages of the moving ranges (0.16 ms), a median
    (0.1 ms each), and Python objects for the hundreds of signals IHI and NHS rules find in noise
    (about 0.5 µs each). Page faults from handing the heap back to the system between calls cost
    another 0.1–0.3 ms (about 100 a call; none with MALLOC_TRIM_THRESHOLD_ raised), which is why a
    part timed alone looks cheaper than in the whole. JSON is within 5× of the core except on MR
    charts (5.2–5.3×: their core fell most) and in noisy repeats.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spc import analyze, analyze_json  # noqa: E402
from spc.engine import compute_chart  # noqa: E402
from spc.options import CHART_TYPES, RULE_SETS, ChartOptions  # noqa: E402

SUBGROUP = 5


def series(chart_type: str, n: int, rng: np.random.Generator) -> tuple[list, list | None, list | None]:
    periods = None
    denominators = None
    if chart_type in ("run", "i", "mr", "xbar", "s"):
        values = rng.normal(50, 5, n)
    elif chart_type in ("p", "pp", "u", "up"):
        denominators = rng.integers(50, 200, n)
        values = rng.binomial(denominators, 0.2).astype(float)
    elif chart_type in ("g", "t"):
        values = rng.geometric(0.05, n).astype(float)
    else:
        values = rng.poisson(6, n).astype(float)
    missing = rng.random(n) < 0.01
    if chart_type in ("xbar", "s"):
        periods = (np.arange(n) // SUBGROUP).tolist()
        missing[:] = False  # a missing row would leave an S chart subgroup of one
    values = [None if gap else v for v, gap in zip(values.tolist(), missing, strict=True)]
    return values, None if denominators is None else denominators.tolist(), periods


def median_ms(call, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def measure(chart_type: str, rules: str, n: int, rng) -> tuple[float, float, float]:
    values, denominators, periods = series(chart_type, n, rng)
    options = ChartOptions(chart_type=chart_type, rules=rules)
    analyze(values, denominators, periods=periods, options=options)  # warm the caches
    repeats = max(5, min(101, 200_000 // n))
    core = median_ms(lambda: compute_chart(values, denominators, periods=periods, options=options), repeats)
    full = median_ms(lambda: analyze(values, denominators, periods=periods, options=options), repeats)
    json = median_ms(lambda: analyze_json(values, denominators, periods=periods, options=options), repeats)
    return core, full, json


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000, 100_000])
    parser.add_argument(
        "--rules",
        nargs="+",
        choices=RULE_SETS,
        default=list(RULE_SETS),
        help="the rule sets of the second table, each at 10,000 points (default: all)",
    )
    parser.add_argument("--charts", nargs="+", choices=CHART_TYPES, default=list(CHART_TYPES))
    args = parser.parse_args()
    rng = np.random.default_rng(2026)

    print("Anhøj rules (the default), median of repeats, ms")
    print(f"{'chart':>5} {'points':>8} {'core':>9} {'full':>9} {'json':>9} {'json/core':>9}")
    for chart_type in args.charts:
        for n in args.sizes:
            core, full, json = measure(chart_type, "anhoej", n, rng)
            print(f"{chart_type:>5} {n:>8,} {core:>9.3f} {full:>9.3f} {json:>9.3f} {json / core:>9.1f}")

    print("\nEach rule set at 10,000 points, median of repeats, ms")
    print(f"{'chart':>5} {'rules':>7} {'core':>9} {'full':>9} {'json':>9} {'json/core':>9}")
    for chart_type in args.charts:
        for rules in args.rules:
            core, full, json = measure(chart_type, rules, 10_000, rng)
            print(f"{chart_type:>5} {rules:>7} {core:>9.3f} {full:>9.3f} {json:>9.3f} {json / core:>9.1f}")


if __name__ == "__main__":
    main()
