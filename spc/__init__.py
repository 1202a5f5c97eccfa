"""The chart statistics engine: run charts and SPC charts, with no Django anywhere in it.

``analyze(values, denominators=None, *, periods=None, chart_type="run", baseline=None,
phase_starts=(), screen_mr=True, rules="anhoej", direction=None, exclude=(), centre=None,
multiply=1, target=None)`` returns plain data (see ``output.to_dict``); ``analyze_json`` takes the
same arguments and returns ``orjson.dumps`` of it, byte for byte, built faster. Bad input raises
``InputError`` (a ValueError naming the argument in ``.field``). The rules are those of
/work/shared/CHART_RULES.md, which cites its sources; the choices made beyond it are in
spc/RULES.md.

Chart types: ``run`` (median), ``i`` (individuals, XmR), ``mr`` (moving ranges), ``xbar`` and ``s``
(subgroup means and standard deviations: rows sharing a period are one subgroup), ``p`` (proportions:
values are numerators), ``pp`` (Laney P′), ``u`` (rates: values are counts), ``up`` (Laney U′),
``c`` (counts), ``g`` (opportunities between rare events) and ``t`` (time between rare events).
Rule sets:

* ``anhoej`` (default): Anhøj's unusually long run and unusually few crossings, around the median on
  run charts and around the mean on control charts (as qicharts2 does), plus 3-sigma limits.
* ``ihi`` (Perla 2011): shift of 6+, trend of 5+ (equal neighbours ignored), on run charts too few or
  too many runs (a computed Swed–Eisenhart stand-in for Perla's table) and astronomical points
  [choice: a modified z-score beyond ±3.5 against the phase's baseline, spc/astronomical.py]; on
  control charts the limits with shift and trend.
* ``nhs`` (Making Data Count, NHSRplotthedots): XmR limits at mean ± 2.66·AMR, 7 points on one side
  (a point on the centre breaks the run), 7-point trends (equal neighbours break them), 2 of 3 points
  close to a limit. [choice] P, U and C charts keep their own 3-sigma limits under these point rules;
  a run chart gets the median with the 7-point shift and trend.

Choices worth knowing:

* ``baseline`` freezes the lines on the first k points; the rules still run over every point against
  those lines. Like qicharts2's ``freeze``, it is ignored when ``phase_starts`` is given. With the
  NHS rules it plays the part of ``fix_after_n_points``, whose minimum of 12 is not enforced here.
* Missing values (None or NaN) are dropped from every rule; a missing I-chart point removes the two
  moving ranges it belongs to. For P and U charts a point missing either part is missing.
* A signal marks points (``points[i]["signal"]``): a run its useful points (not the points on the
  centre line inside it), a trend its points, a limit rule its point, 2-of-3 its close points, and a
  crossings or runs-count signal the useful points of its whole phase.
* ``runs`` describes the last phase in the rule set's own terms: ``longest_run_max`` is the longest run
  that does not signal (Anhøj round(log2 n + 3), IHI 5, NHS 6, where a point on the centre breaks the
  run); ``crossings_min`` is the fewest crossings that do not signal (Anhøj qbinom; IHI run charts: the
  lower runs limit − 1, with too many runs also signalling; None where the rule set has no such rule).
* ``mr`` reports the last phase's average moving range of an I chart. When every moving range is 0,
  screening keeps none (none is < 3.267·0), so the AMR and the limits are undefined (None), as in
  qicharts2 and NHSRplotthedots.
* Whether a point is exactly on the centre line is decided against a centre rounded as R rounds it
  (``precision``), so it agrees with qicharts2.
* Denominators given to a run or I chart make the plotted value the ratio, as in qicharts2; a C chart
  ignores them.
* Every NHS finding is reported; NHSRplotthedots' priority order only picks one label per point.
"""

from spc.engine import compute_chart, options_from
from spc.errors import InputError
from spc.options import CHART_TYPES, RULE_SETS, ChartOptions
from spc.output import to_dict, to_json

__all__ = ["CHART_TYPES", "RULE_SETS", "ChartOptions", "InputError", "analyze", "analyze_json"]


def _analysis(values, denominators, periods, options, given):
    options = options_from(options, **given)
    return compute_chart(values, denominators, periods=periods, options=options)


def analyze(
    values,
    denominators=None,
    *,
    periods=None,
    chart_type="run",
    baseline=None,
    phase_starts=(),
    screen_mr=True,
    rules="anhoej",
    direction=None,
    exclude=(),
    centre=None,
    multiply=1,
    target=None,
    options: ChartOptions | None = None,
) -> dict:
    """Analyse one chart and return plain, JSON-ready data (see the package docstring for the shape).

    The keyword options may instead come as one ``ChartOptions`` in ``options``; not both.
    """
    given = {
        "chart_type": chart_type,
        "baseline": baseline,
        "phase_starts": phase_starts,
        "screen_mr": screen_mr,
        "rules": rules,
        "direction": direction,
        "exclude": exclude,
        "centre": centre,
        "multiply": multiply,
        "target": target,
    }
    return to_dict(_analysis(values, denominators, periods, options, given))


def analyze_json(
    values,
    denominators=None,
    *,
    periods=None,
    chart_type="run",
    baseline=None,
    phase_starts=(),
    screen_mr=True,
    rules="anhoej",
    direction=None,
    exclude=(),
    centre=None,
    multiply=1,
    target=None,
    options: ChartOptions | None = None,
) -> bytes:
    """``orjson.dumps(analyze(...))`` with the same arguments, byte for byte, without the point dicts."""
    given = {
        "chart_type": chart_type,
        "baseline": baseline,
        "phase_starts": phase_starts,
        "screen_mr": screen_mr,
        "rules": rules,
        "direction": direction,
        "exclude": exclude,
        "centre": centre,
        "multiply": multiply,
        "target": target,
    }
    return to_json(_analysis(values, denominators, periods, options, given))
