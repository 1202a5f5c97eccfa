"""The Study step's other charts on a cycle's page (templates/cycles/_study_more_charts.html).

Beside each prediction's own run chart (``cycles.study_charts``), the Study step shows what else may
explain the result: the focus area's fishbone causes by votes, the flags raised about the team by
category, and how the values of each of the cycle's measures spread. Ad hoc looks at raw data, so
they are computed for the page; only once the cycle has reached Study, as the step is shut before.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count

from andon.models import Flag
from andon.permissions import visible_flags
from cycles.models import Cycle
from measures import study_figures
from measures.models import DataPoint
from playbook import permissions
from spc.distribution import histogram
from theory import selectors as theory_selectors

STUDIED = (Cycle.Stage.STUDYING, Cycle.Stage.ACTING, Cycle.Stage.COMPLETE)


def _cause_pareto(user, cycle: Cycle) -> dict | None:
    focus_area = cycle.focus_area
    if focus_area is None or not permissions.can_view(user, focus_area):
        return None
    fishbone = theory_selectors.fishbone_diagram(focus_area)
    voted = [c for c in fishbone.causes if c.votes] if fishbone else []
    return study_figures.pareto_panel(
        [c.text for c in voted],
        [c.votes for c in voted],
        dom_id="study-cause-pareto",
        what="Votes",
        category="Cause",
    )


def _flag_pareto(user, cycle: Cycle) -> dict | None:
    """Flags about the cycle's team that the person can see, by category (one query)."""
    flags = visible_flags(user).filter(team_id=cycle.team_id).order_by()
    counts = dict(flags.values_list("category").annotate(n=Count("pk")))
    names = dict(Flag.Category.choices)
    return study_figures.pareto_panel(
        list(names.values()),
        [counts.get(c, 0) for c in names],
        dom_id="study-flag-pareto",
        what="Flags",
        category="Category",
    )


def _histograms(windows) -> list[dict]:
    """Every period of each measure the person may see (one query), not only the cycle's window: the
    spread the window's points are read against."""
    measures = [w.measure for w in windows if w.visible]
    if not measures:
        return []
    values = defaultdict(list)
    for point in DataPoint.objects.filter(measure__in=measures).order_by("period"):
        values[point.measure_id].append(point.plotted_value)
    result = []
    for measure in measures:
        drawn = histogram(values[measure.pk])
        if drawn.bins:
            result.append(
                {
                    "measure": measure,
                    "histogram": drawn,
                    "figure": study_figures.histogram_figure(drawn, title=measure.name),
                    "dom_id": f"study-histogram-{measure.pk}",
                }
            )
    return result


def context(user, cycle: Cycle, windows) -> dict:
    if cycle.stage not in STUDIED:
        return {"study_more": None}
    return {
        "study_more": {
            "causes": _cause_pareto(user, cycle),
            "flags": _flag_pareto(user, cycle),
            "histograms": _histograms(windows),
        }
    }
