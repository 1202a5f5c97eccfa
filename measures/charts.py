"""From a measure's data to its chart: the analysis the engine returns, a caption in plain words,
and the Plotly figure the browser draws. Pure builders: no queries, no writes."""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import pairwise
from statistics import median

from measures.number_format import MULTIPLIED, scale_of
from spc import analyze

# Other apps add dated marks to a measure's timeline (the cycles app: each PDSA cycle's window).
# A provider takes a Measure and returns [{"start": iso, "end": iso | None, "label": str, "kind": str}].
ANNOTATION_PROVIDERS: list[Callable] = []


def register_annotations(provider: Callable) -> Callable:
    ANNOTATION_PROVIDERS.append(provider)
    return provider


OPTION_KEYS = (
    "chart_type",
    "baseline",
    "phase_dates",
    "screen_mr",
    "rules",
    "exclusions",
    "centre",
    "multiplier",
)
# Keys a chart stored before issue 17 never had; left out of a variant's key while unset, so the
# variants people asked for then keep their keys.
LATER_KEYS = {"exclusions": [], "centre": None, "multiplier": 1}


def default_options(measure, exclusions=None) -> dict:
    """The measure's own chart settings. Exclusions are in them (as ISO dates) so a stored chart is
    rebuilt when they change; pass them when already fetched, else this reads them (one query)."""
    if exclusions is None:
        exclusions = measure.exclusions.all() if measure.pk else []
    return {
        "chart_type": measure.effective_chart_type,
        "baseline": measure.baseline,
        "phase_dates": list(measure.phase_dates or []),
        "screen_mr": measure.screen_mr,
        "rules": measure.rules,
        "exclusions": sorted(e.period.isoformat() for e in exclusions),
        "centre": measure.centre,
        "multiplier": measure.multiplier or 1,
    }


def variant_key(measure, options: dict, defaults: dict | None = None) -> str:
    """'default' for the measure's own settings; otherwise a short stable key for the options.

    ``defaults`` is ``default_options(measure)`` when the caller has built it already (it reads the
    measure's exclusions: one query saved)."""
    if options == (default_options(measure) if defaults is None else defaults):
        return "default"
    shown = {
        k: options.get(k)
        for k in OPTION_KEYS
        if k not in LATER_KEYS or options.get(k, LATER_KEYS[k]) != LATER_KEYS[k]
    }
    canonical = json.dumps(shown, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def phase_starts(periods: list[date], phase_dates: list[str]) -> list[int]:
    """Index of the first point on or after each phase date; a phase needs points on both sides."""
    starts = {bisect_left(periods, date.fromisoformat(d)) for d in phase_dates}
    return sorted(i for i in starts if 0 < i < len(periods))


def target_at(targets: list[tuple[date, float]], period: date) -> float | None:
    current = None
    for starts_on, value in targets:  # sorted by date
        if starts_on <= period:
            current = value
    return current


def engine_input(measure, points) -> tuple[list, list | None, list[str], list[date]]:
    """Values, denominators and period labels as the engine takes them, and the periods charted.

    A subgroup measure gives one row per observation, its period repeated, and the engine groups
    the rows back into one subgroup a period (CHART_RULES §3.1). A period with no observations
    is not charted.
    """
    if measure.uses_denominator:
        charted = list(points)
        return (
            [p.numerator for p in charted],
            [p.denominator for p in charted],
            [p.period.isoformat() for p in charted],
            [p.period for p in charted],
        )
    if measure.uses_observations:
        values, labels, charted = [], [], []
        for point in points:
            observations = (
                point.observations
                if point.observations
                else ([point.value] if point.value is not None else [])
            )
            if not observations:
                continue
            charted.append(point.period)
            values += observations
            labels += [point.period.isoformat()] * len(observations)
        return values, None, labels, charted
    charted = list(points)
    return (
        [p.value for p in charted],
        None,
        [p.period.isoformat() for p in charted],
        [p.period for p in charted],
    )


def compute(measure, points, targets, options: dict, annotations=(), exclusions=()) -> dict:
    """The stored chart of ``measure``: the engine's analysis plus targets, marks and a caption.

    ``exclusions`` are the measure's MeasureExclusion rows, for their reasons; which periods are
    left out comes from ``options["exclusions"]``, so a variant keeps the exclusions it was asked with.
    Options stored before the exclusions, centre and multiplier were kept read as none of them.
    """
    values, denominators, labels, periods = engine_input(measure, points)
    chart_type = options["chart_type"]
    baseline = options.get("baseline")
    excluded_on = set(options.get("exclusions") or [])
    multiplier = options.get("multiplier") or 1
    target_rows = sorted((t.starts_on, t.value) for t in targets)
    result = analyze(
        values,
        denominators,
        periods=labels,
        chart_type=chart_type,
        baseline=baseline if baseline and baseline <= len(periods) else None,
        phase_starts=phase_starts(periods, options.get("phase_dates") or []),
        screen_mr=options.get("screen_mr", True),
        rules=options.get("rules", "anhoej"),
        direction=measure.direction,
        exclude=[i for i, period in enumerate(periods) if period.isoformat() in excluded_on],
        centre=options.get("centre"),
        multiply=multiplier if chart_type in MULTIPLIED else 1,
        target=target_at(target_rows, periods[-1]) if periods else None,
    )
    reasons = {e.period.isoformat(): e.reason for e in exclusions}
    for point in result["points"]:
        period = date.fromisoformat(str(point["period"])[:10])
        point["target"] = target_at(target_rows, period)
        if point.get("excluded"):
            point["excluded_reason"] = reasons.get(period.isoformat(), "")
    result["measure"] = {
        "id": measure.pk,
        "name": measure.name,
        "unit": measure.unit,
        "kind": measure.kind,
        "data_kind": measure.data_kind,
        "multiplier": measure.multiplier or 1,
    }
    result["options"] = options
    result["annotations"] = list(annotations)
    result["caption"] = caption(result)
    return result


def _when(period) -> str:
    try:
        return f"{date.fromisoformat(str(period)):%-d %B %Y}"
    except ValueError:
        return f"point {period}"


VERDICT = {
    "improvement": "an improvement",
    "deterioration": "a deterioration",
    "neutral": "a change worth investigating",
}


# Which signal the caption leads with when several end at the latest point: the most telling.
RULE_WEIGHT = {"shift": 0, "trend": 1, "outside_limits": 2, "two_of_three": 3, "astronomical": 4}
WHOLE_PHASE_RULES = {"crossings", "runs"}  # they describe a stretch of points, not a moment it began


def caption(result: dict) -> str:
    """What the chart says, in one or two plain sentences, then what the reader should know about how
    it was drawn: too few useful points, a fixed centre, points left out, and the engine's warnings."""
    if not result["points"]:
        return "No data yet."
    signals = sorted(
        result["signals"], key=lambda s: (s["end_index"], -RULE_WEIGHT.get(s["rule"], 9), s["start_index"])
    )
    if signals:
        latest = signals[-1]
        linker = "from" if latest["rule"] in WHOLE_PHASE_RULES else "since"
        text = f"{latest['description']} {linker} {_when(latest['start'])}: {VERDICT[latest['direction']]}."
        others = len(signals) - 1
        if others:
            text += f" {others} other signal{'s' if others > 1 else ''} on the chart."
    else:
        text = "No signal: the points vary as a stable process would (common-cause variation)."
    notes = [_short_series_note(result)]
    if result.get("centre_fixed") and result.get("centre") is not None:
        centre = result["centre"]
        if isinstance(centre, int | float):
            notes.append(f"The centre line is fixed at {scale_of(result).with_unit(centre)}.")
    excluded = len(result.get("excluded") or [])
    if excluded:
        notes.append(
            f"{excluded} point{'s are' if excluded > 1 else ' is'} left out of the lines"
            " (excluded) but still drawn."
        )
    notes += [warning.strip() for warning in result.get("warnings") or []]
    return " ".join([text, *(note for note in notes if note)])


def _short_series_note(result: dict) -> str:
    """Anhøj's rules are meant for 10 or more useful points (off the centre line); say which count falls
    short, so the sentence never names a count that is not the short one."""
    n, useful = result.get("n") or 0, result.get("n_useful") or 0
    if useful >= 10:
        return ""
    phases = result.get("phases") or []
    where = "the"
    if len(phases) > 1:  # the engine counts useful points in the latest phase
        n, where = phases[-1]["end"] - phases[-1]["start"] + 1, "the latest phase's"
    if n < 10:
        if where == "the":
            return f"With {_points(n)} the rules can miss a change; 10 or more are better."
        return f"The latest phase has {_points(n)}: the rules can miss a change; 10 or more are better."
    if useful == 0:
        return f"None of {where} {n} points is off the centre line: the rules cannot see a change."
    verb = "is" if useful == 1 else "are"
    return (
        f"Only {useful} of {where} {n} points {verb} off the centre line:"
        " the rules can miss a change with fewer than 10."
    )


def _points(count: int) -> str:
    return f"{count} point{'s' if count != 1 else ''}"


# --- The Plotly figure ----------------------------------------------------------------------------

INK, MUTED = "#14213d", "#5d6677"
WINDOW_FILL, WINDOW_BAR = "#fca311", "#a35a00"
MARK_LABEL = "#5d4300"  # the window's orange is too pale for text; this keeps AA contrast on white

# Window labels sit in rows above the plot, so they never cross a line or a point. Whether two labels
# collide, or run off the chart, is judged at the narrowest screen we support (a 360 px phone leaves
# the plot about 260 px between charts.js's narrow margins): what is apart and inside there stays so
# on any wider screen, since each label keeps its anchor and only gets narrower.
NARROWEST_PLOT_PX = 260
NARROW_MARGIN = {"l": 40, "r": 10}  # what charts.js leaves a chart under 560 px wide
LABEL_FONT_PX = 12
LABEL_CHAR_PX = 6.2  # Plotly's sans-serif at 12 px averages 5.7 px a character in Chromium
LABEL_ROW_PX = 20
LABEL_MAX_CHARS = 28  # longer labels are cut with "…"; the whole label shows on hover
LABEL_KEPT_TAIL = 16
LABEL_GAP = 0.03  # of the plot's width, between labels in one row
FULL_LABEL_ROWS = 3  # beyond this, windows are labelled with their numbers and named on hover

MARGIN = {"l": 50, "r": 20, "t": 10, "b": 40}
COMPACT_MARGIN = {"l": 40, "r": 10, "t": 10, "b": 30}


def is_proportion(result: dict) -> bool:
    """Proportions are drawn as percentages. Charts stored before the data kind was kept say so by
    their chart type (a P chart) until the nightly rebuild adds it."""
    data_kind = (result.get("measure") or {}).get("data_kind")
    if data_kind:
        return data_kind == "proportion"
    return result.get("chart_type") == "p"


def _as_number(x, dated: bool) -> float:
    return date.fromisoformat(str(x)[:10]).toordinal() if dated else float(x)


def _as_x(n: float, dated: bool):
    if not dated:
        return n
    moment = datetime.fromordinal(int(n)) + timedelta(days=n - int(n))
    return moment.strftime("%Y-%m-%d %H:%M")


def _x_extent(xs: list[float], windows: list[tuple[float, float]]) -> tuple[float, float]:
    """The x-axis from half a period before the first point (or window) to half a period after the
    last, so a window running to the last point, or planned beyond it, is drawn whole."""
    step = median(b - a for a, b in pairwise(xs)) if len(xs) > 1 else 1.0
    pad = (step or 1.0) / 2
    low = min([xs[0], *(start for start, _ in windows)])
    high = max([xs[-1], *(end for _, end in windows)])
    return low - pad, high + pad


def _label_text(label: str, number: int, short: bool) -> str:
    """What is written: the number, or the label without its "PDSA: " prefix, cut in the middle when
    long, so the end that tells a ramp's cycles apart ("… cycle 2 (adopt)") stays."""
    text = label.removeprefix("PDSA: ")
    if short or not text:
        return str(number)
    if len(text) <= LABEL_MAX_CHARS:
        return text
    tail = text[-LABEL_KEPT_TAIL:].lstrip()
    return text[: LABEL_MAX_CHARS - 1 - len(tail)].rstrip() + "…" + tail


def place_labels(windows: list[tuple[float, float]], labels: list[str], margin: dict) -> list[dict]:
    """Rows and anchors (as fractions of the plot's width, 0 to 1) for each window's label.

    Each label takes the lowest row where it, and its window's bar, clear the others by a gap.
    When whole labels would need more than ``FULL_LABEL_ROWS`` rows, every window is labelled with
    its number instead (its label on hover), so a busy chart keeps most of its height for the data.
    """
    placed = _place(windows, labels, margin, short=False)
    if 1 + max((spot["row"] for spot in placed), default=-1) > FULL_LABEL_ROWS:
        placed = _place(windows, labels, margin, short=True)
    return placed


def _place(windows, labels, margin: dict, *, short: bool) -> list[dict]:
    left_room = -min(margin["l"], NARROW_MARGIN["l"]) / NARROWEST_PLOT_PX
    right_room = 1 + min(margin["r"], NARROW_MARGIN["r"]) / NARROWEST_PLOT_PX
    taken: list[list[tuple[float, float]]] = []
    placed = []
    for number, ((start, end), label) in enumerate(zip(windows, labels, strict=True), start=1):
        text = _label_text(label, number, short)
        width = len(text) * LABEL_CHAR_PX / NARROWEST_PLOT_PX
        # From the window's left edge rightwards; else leftwards from its right edge; else centred
        # on the window as far as the edges allow.
        if start + width <= right_room:
            anchor, at, span = "left", start, (start, max(start + width, end))
        elif end - width >= left_room:
            anchor, at, span = "right", end, (min(end - width, start), end)
        else:
            at = max(left_room, min((start + end - width) / 2, right_room - width))
            anchor, span = "left", (min(at, start), max(at + width, end))
        row = next(
            (
                r
                for r, spans in enumerate(taken)
                if all(span[1] + LABEL_GAP <= a or b + LABEL_GAP <= span[0] for a, b in spans)
            ),
            len(taken),
        )
        if row == len(taken):
            taken.append([])
        taken[row].append(span)
        placed.append({"row": row, "at": at, "anchor": anchor, "span": span, "text": text, "label": label})
    return placed


def _windows(marks: list[dict], last_x, dated: bool) -> list[tuple[float, float]]:
    """Each mark's window in axis numbers; one still running (no end) reaches the last point."""
    last = _as_number(last_x, dated)
    spans = []
    for mark in marks:
        start = _as_number(mark["start"], dated)
        end = _as_number(mark["end"], dated) if mark.get("end") else max(start, last)
        spans.append((start, max(start, end)))
    return spans


def _mark_layers(marks: list[dict], windows, extent, margin: dict, dated: bool) -> tuple[list, list, int]:
    """The shaded windows, the label bars above the plot, the labels, and how many label rows."""
    low, high = extent
    width = high - low

    def fraction(n):
        return (n - low) / width

    placed = place_labels(
        [(fraction(a), fraction(b)) for a, b in windows], [m.get("label", "") for m in marks], margin
    )
    shapes, annotations = [], []
    for (start, end), spot in zip(windows, placed, strict=True):
        x0, x1 = _as_x(start, dated), _as_x(end, dated)
        shade = {"xref": "x", "yref": "paper", "y0": 0, "y1": 1, "layer": "below"}
        if end > start:
            shapes.append(
                {**shade, "type": "rect", "x0": x0, "x1": x1, "fillcolor": WINDOW_FILL, "opacity": 0.18,
                 "line": {"width": 0}}
            )  # fmt: skip
        else:  # a window of one day, or one that has only just begun: a line where it starts
            shapes.append(
                {**shade, "type": "line", "x0": x0, "x1": x0, "line": {"color": WINDOW_BAR, "dash": "dot"}}
            )
        bar_y = 3 + spot["row"] * LABEL_ROW_PX
        shapes.append(
            {
                "type": "line", "xref": "x", "yref": "paper", "ysizemode": "pixel", "yanchor": 1,
                "x0": x0, "x1": x1, "y0": bar_y, "y1": bar_y, "line": {"color": WINDOW_BAR, "width": 3},
            }
        )  # fmt: skip
        annotations.append(
            {
                "x": _as_x(low + spot["at"] * width, dated),
                "xref": "x",
                "xanchor": spot["anchor"],
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "yshift": bar_y + 2,
                "text": spot["text"],
                "hovertext": spot["label"],
                "showarrow": False,
                "font": {"size": LABEL_FONT_PX, "color": MARK_LABEL},
            }
        )
    rows = 1 + max((spot["row"] for spot in placed), default=-1)
    return shapes, annotations, rows


EXCLUDED_COLOUR = "#8a93a3"  # grey enough to read as "not counted", still visible on white
DATA_COLOUR = "#1f5fbf"
# X̄ and S limits change with each subgroup's size: a step centred on each point, as qicharts2 draws.
PER_POINT_LIMITS = {"xbar", "s"}


def _point_hover(point: dict, scale) -> str:
    text = scale.with_unit(point["value"]) if point.get("value") is not None else "no value"
    if point.get("n") is not None and point.get("n") != 1:
        text += f" (n = {point['n']:,g})"
    if point.get("excluded"):
        reason = point.get("excluded_reason") or "left out of the lines"
        text += f"<br>Excluded: {reason}"
    return text


def _centre_name(result: dict) -> str:
    if result.get("centre_fixed"):
        return "Centre (fixed)"
    return "Median" if result.get("chart_type") in ("run", "g") else "Mean"


def _data_name(result: dict) -> str:
    if result.get("chart_type") == "mr":
        return "Moving range"
    if result.get("chart_type") == "s":
        return "Standard deviation"
    if "measure" in result:
        return result["measure"]["name"]
    return "Data"


def _traces(result: dict, x: list) -> list[dict]:
    points = result["points"]
    scale = scale_of(result)
    excluded = [bool(p.get("excluded")) for p in points]
    marker: dict = {"size": 7}
    if any(excluded):
        marker.update(
            symbol=["circle-open" if e else "circle" for e in excluded],
            color=[EXCLUDED_COLOUR if e else DATA_COLOUR for e in excluded],
            line={"width": 2, "color": [EXCLUDED_COLOUR if e else DATA_COLOUR for e in excluded]},
        )
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _data_name(result),
            "x": x,
            "y": [p["value"] for p in points],
            "line": {"color": DATA_COLOUR},
            "marker": marker,
            "text": [_point_hover(p, scale) for p in points],
            "hovertemplate": "%{text}",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": _centre_name(result),
            "x": x,
            "y": [p["cl"] for p in points],
            "line": {"color": INK, "shape": "hv"},
        },
    ]
    if any(p["ucl"] is not None for p in points):
        shape = "hvh" if result.get("chart_type") in PER_POINT_LIMITS else "hv"
        for key, label in (("ucl", "Upper limit"), ("lcl", "Lower limit")):
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": label,
                    "x": x,
                    "y": [p[key] for p in points],
                    "line": {"color": "#b42318", "dash": "dash", "shape": shape},
                }
            )
    if any(p.get("target") is not None for p in points):
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "Target",
                "x": x,
                "y": [p.get("target") for p in points],
                "line": {"color": "#1d7a46", "dash": "dot", "shape": "hv"},
            }
        )
    signal = _signal_trace(result)
    if signal:
        traces.append(signal)
    return traces


def _signal_trace(result: dict) -> dict | None:
    points = result["points"]
    colours = {"improvement": "#1d7a46", "deterioration": "#b42318", "neutral": "#a35a00"}
    direction = {}
    # A point in both a shift and a whole-phase signal shows the shift's colour: it says more.
    for s in sorted(result["signals"], key=lambda s: s["direction"] == "neutral"):
        for i in range(s["start_index"], s["end_index"] + 1):
            direction.setdefault(i, s["direction"])
    shown = [i for i in sorted(direction) if points[i]["value"] is not None]
    if not shown:
        return None
    return {
        "type": "scatter",
        "mode": "markers",
        "name": "Signal",
        "x": [points[i]["period"] for i in shown],
        "y": [points[i]["value"] for i in shown],
        "marker": {
            "size": 11,
            "symbol": "circle-open",
            "line": {"width": 2},
            "color": [colours[direction[i]] for i in shown],
        },
        "hoverinfo": "skip",
    }


def _shifted(signals: list[dict], by: int) -> list[dict]:
    return [
        {**s, "start_index": max(s["start_index"] + by, 0), "end_index": s["end_index"] + by}
        for s in signals
        if s["end_index"] + by >= 0
    ]


def figure(result: dict, *, compact: bool = False) -> dict:
    """A Plotly figure (as plain JSON) for a stored chart: the data and its lines, phase changes,
    and each dated mark's window shaded, labelled in rows above the plot.

    ``compact`` is the small chart of a card: shorter, no legend, narrower margins.
    """
    if result.get("chart_type") == "mr" and result["points"] and result["points"][0]["value"] is None:
        # A moving range needs two points: the first period has none, so the chart starts at the second.
        result = {**result, "points": result["points"][1:], "signals": _shifted(result["signals"], -1)}
        result["phases"] = [
            {**ph, "start": max(ph["start"] - 1, 0), "end": ph["end"] - 1} for ph in result.get("phases", [])
        ]
    points = result["points"]
    x = [p["period"] for p in points]
    dated = bool(x) and isinstance(x[0], str) and len(x[0]) == 10
    margin = dict(COMPACT_MARGIN if compact else MARGIN)
    shapes = []
    for phase in result.get("phases", [])[1:]:
        start = points[phase["start"]]["period"]
        shapes.append(
            {"type": "line", "xref": "x", "yref": "paper", "x0": start, "x1": start, "y0": 0, "y1": 1,
             "line": {"color": MUTED, "dash": "dot"}}
        )  # fmt: skip
    marks = [m for m in result.get("annotations", []) if m.get("start")] if x else []
    xaxis: dict = {"type": "date" if dated else "linear", "automargin": True}
    annotations, rows = [], 0
    if x:
        windows = _windows(marks, x[-1], dated)
        extent = _x_extent([_as_number(v, dated) for v in x], windows)
        mark_shapes, annotations, rows = _mark_layers(marks, windows, extent, margin, dated)
        shapes += mark_shapes
        # Plotly still widens the axis for shapes a caller adds (a cycle's own window, say).
        xaxis["autorangeoptions"] = {"include": [_as_x(n, dated) for n in extent]}
    if dated:
        xaxis["hoverformat"] = "%-d %b %Y"
    marks_top = rows * LABEL_ROW_PX + (6 if rows else 0)
    margin["t"] += marks_top
    yaxis = {"zeroline": False, "automargin": True, **scale_of(result).axis()}
    return {
        "data": _traces(result, x),
        "layout": {
            "margin": margin,
            "height": 200 + marks_top if compact else 340 + marks_top,
            "showlegend": not compact,
            "yaxis": yaxis,
            "xaxis": xaxis,
            # Below the plot, where it has the chart's whole width (a phone's legend wraps there).
            "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.12, "yanchor": "top"},
            "shapes": shapes,
            "annotations": annotations,
            "hovermode": "x unified",
            # charts.js keeps this much room above the plot when a page sets its own margins.
            "meta": {"marks_top": marks_top},
        },
    }
