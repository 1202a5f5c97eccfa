"""The Plotly figure a stored chart is drawn from reads well: window labels in rows of their own above
the plot (never on each other or the lines, never past an edge), windows drawn whole to the last
point, and proportions as percentages. Pure builders: no database."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from measures import charts
from spc import analyze

FIRST = date(2026, 1, 5)


def weekly(n: int) -> list[str]:
    return [(FIRST + timedelta(weeks=w)).isoformat() for w in range(n)]


def stored(values, *, marks=(), denominators=None, chart_type="run", data_kind="continuous") -> dict:
    periods = weekly(len(values))
    result = analyze(values, denominators, periods=periods, chart_type=chart_type)
    for point in result["points"]:
        point["target"] = None
    result["measure"] = {
        "id": 1,
        "name": "Reading",
        "unit": "share",
        "kind": "outcome",
        "data_kind": data_kind,
    }
    result["annotations"] = list(marks)
    return result


def mark(start: str, end: str | None, label: str) -> dict:
    return {"start": start, "end": end, "label": label, "kind": "pdsa"}


def window_labels(figure) -> list[dict]:
    return figure["layout"]["annotations"]


def plot_fraction(figure, x: str) -> float:
    low, high = figure["layout"]["xaxis"]["autorangeoptions"]["include"]

    def days(value):
        return date.fromisoformat(value[:10]).toordinal() + (int(value[11:13]) / 24 if len(value) > 10 else 0)

    return (days(x) - days(low)) / (days(high) - days(low))


def label_span(figure, annotation) -> tuple[float, float]:
    """Where a label lies, in fractions of the plot's width, on the narrowest screen supported."""
    at = plot_fraction(figure, annotation["x"])
    width = len(annotation["text"]) * charts.LABEL_CHAR_PX / charts.NARROWEST_PLOT_PX
    return (at, at + width) if annotation["xanchor"] == "left" else (at - width, at)


def rows_of(figure) -> dict[int, list[tuple[float, float]]]:
    rows: dict[int, list] = {}
    for annotation in window_labels(figure):
        rows.setdefault(annotation["yshift"], []).append(label_span(figure, annotation))
    return rows


OVERLAPPING_CYCLES = [
    mark(weekly(24)[3], weekly(24)[7], "PDSA: Paired reading, one class (adopt)"),
    mark(weekly(24)[5], weekly(24)[9], "PDSA: Paired reading, whole year (adapt)"),
    mark(weekly(24)[6], weekly(24)[8], "PDSA: Phonics warm-up (abandoned)"),
    mark(weekly(24)[20], None, "PDSA: Reading buddies (doing)"),
]


def test_window_labels_sit_above_the_plot_so_they_cross_no_line():
    figure = charts.figure(stored(list(range(24)), marks=OVERLAPPING_CYCLES))
    for annotation in window_labels(figure):
        assert annotation["yref"] == "paper" and annotation["y"] == 1 and annotation["yanchor"] == "bottom"
        assert annotation["yshift"] > 0
        assert annotation["showarrow"] is False
    assert figure["layout"]["margin"]["t"] >= max(a["yshift"] for a in window_labels(figure)) + 15


def test_labels_that_would_touch_go_to_rows_of_their_own():
    figure = charts.figure(stored(list(range(24)), marks=OVERLAPPING_CYCLES))
    rows = rows_of(figure)
    assert len(window_labels(figure)) == 4
    assert len(rows) >= 3  # the three overlapping windows cannot share a row
    for spans in rows.values():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start


def test_a_label_starts_at_its_window_or_ends_at_it_near_the_right_edge():
    periods = weekly(24)
    marks = [
        mark(periods[2], periods[5], "Early (adopt)"),
        mark(periods[19], periods[22], "Late test (adapt)"),
    ]
    early, late = window_labels(charts.figure(stored(list(range(24)), marks=marks)))
    assert (early["xanchor"], early["x"][:10]) == ("left", periods[2])
    assert (late["xanchor"], late["x"][:10]) == ("right", periods[22])


def test_labels_far_apart_share_the_first_row():
    marks = [
        mark(weekly(40)[1], weekly(40)[3], "Early test"),
        mark(weekly(40)[34], weekly(40)[37], "Late test"),
    ]
    figure = charts.figure(stored(list(range(40)), marks=marks))
    assert {a["yshift"] for a in window_labels(figure)} == {window_labels(figure)[0]["yshift"]}


def test_no_label_runs_past_either_edge_of_the_chart():
    marks = [
        mark(weekly(24)[0], weekly(24)[1], "PDSA: A cycle right at the start of the series"),
        mark(weekly(24)[22], weekly(24)[23], "PDSA: A cycle right at the end of the series (doing)"),
    ]
    figure = charts.figure(stored(list(range(24)), marks=marks))
    narrow = charts.NARROW_MARGIN  # what a phone leaves either side of the plot
    for annotation in window_labels(figure):
        left, right = label_span(figure, annotation)
        assert left >= -narrow["l"] / charts.NARROWEST_PLOT_PX
        assert right <= 1 + narrow["r"] / charts.NARROWEST_PLOT_PX


def test_a_long_label_is_shortened_and_shown_whole_on_hover():
    label = "PDSA: A very long cycle title that would never fit on a phone (adapt)"
    figure = charts.figure(stored(list(range(12)), marks=[mark(weekly(12)[2], weekly(12)[5], label)]))
    (annotation,) = window_labels(figure)
    assert len(annotation["text"]) <= charts.LABEL_MAX_CHARS and "…" in annotation["text"]
    assert annotation["text"].endswith("phone (adapt)"), "the end that tells cycles apart stays"
    assert annotation["hovertext"] == label


def test_many_windows_are_numbered_rather_than_stacked_without_end():
    marks = [mark(weekly(30)[i], weekly(30)[i + 2], f"PDSA: Cycle {i}") for i in range(8)]
    figure = charts.figure(stored(list(range(30)), marks=marks))
    rows = rows_of(figure)
    assert len(rows) <= charts.FULL_LABEL_ROWS + 1
    assert any(a["text"].isdigit() for a in window_labels(figure))
    assert all(a["hovertext"].startswith("PDSA: Cycle") for a in window_labels(figure))


def test_a_running_cycle_is_shaded_to_the_last_point():
    periods = weekly(12)
    figure = charts.figure(
        stored(list(range(12)), marks=[mark(periods[8], None, "PDSA: Still going (doing)")])
    )
    (shade,) = [s for s in figure["layout"]["shapes"] if s["type"] == "rect"]
    assert shade["x0"].startswith(periods[8]) and shade["x1"].startswith(periods[-1])


def test_the_axis_covers_the_last_point_and_a_window_planned_beyond_it():
    periods = weekly(12)
    planned_end = (FIRST + timedelta(weeks=16)).isoformat()
    figure = charts.figure(stored(list(range(12)), marks=[mark(periods[10], planned_end, "Beyond")]))
    low, high = figure["layout"]["xaxis"]["autorangeoptions"]["include"]
    assert low < periods[0] and high > planned_end
    plain = charts.figure(stored(list(range(12))))
    assert plain["layout"]["xaxis"]["autorangeoptions"]["include"][1] > periods[-1]


def test_a_window_that_has_only_just_begun_is_drawn_as_a_line():
    periods = weekly(12)
    after_the_data = (FIRST + timedelta(weeks=12)).isoformat()
    figure = charts.figure(stored(list(range(12)), marks=[mark(after_the_data, None, "New (doing)")]))
    starts = [s for s in figure["layout"]["shapes"] if s["type"] == "line" and s.get("y1") == 1]
    assert [s["x0"][:10] for s in starts] == [after_the_data]
    assert figure["layout"]["xaxis"]["autorangeoptions"]["include"][1] > after_the_data
    assert periods


def test_proportions_read_as_percentages():
    figure = charts.figure(
        stored([12, 14, 15, 13] * 3, denominators=[30] * 12, chart_type="p", data_kind="proportion")
    )
    assert figure["layout"]["yaxis"]["tickformat"] == ".0%"
    assert figure["layout"]["yaxis"]["hoverformat"] == ".1%"


def test_a_run_chart_of_a_proportion_reads_as_percentages_too():
    result = stored([12, 14, 15, 13] * 3, denominators=[30] * 12, chart_type="run", data_kind="proportion")
    assert charts.figure(result)["layout"]["yaxis"]["tickformat"] == ".0%"


def test_other_data_keeps_its_own_numbers():
    assert "tickformat" not in charts.figure(stored(list(range(12))))["layout"]["yaxis"]


def test_a_p_chart_stored_before_the_data_kind_was_kept_still_reads_as_percentages():
    result = stored([12, 14, 15, 13] * 3, denominators=[30] * 12, chart_type="p")
    del result["measure"]["data_kind"]
    assert charts.figure(result)["layout"]["yaxis"]["tickformat"] == ".0%"


def test_the_stored_chart_keeps_the_measures_data_kind():
    measure = SimpleNamespace(
        pk=3, name="Reading", unit="share", kind="outcome", data_kind="proportion", uses_denominator=True,
        uses_observations=False, direction="up", multiplier=1,
    )  # fmt: skip
    points = [
        SimpleNamespace(period=FIRST + timedelta(weeks=w), numerator=10, denominator=20) for w in range(6)
    ]
    result = charts.compute(measure, points, [], {"chart_type": "p"})
    assert result["measure"]["data_kind"] == "proportion"


def test_the_legend_sits_below_the_plot_across_its_width():
    legend = charts.figure(stored(list(range(12))))["layout"]["legend"]
    assert legend["orientation"] == "h" and legend["yanchor"] == "top" and legend["y"] < 0


def test_a_compact_chart_keeps_room_for_its_labels():
    figure = charts.figure(
        stored(list(range(12)), marks=[mark(weekly(12)[2], weekly(12)[5], "A test")]), compact=True
    )
    layout = figure["layout"]
    assert layout["showlegend"] is False
    assert layout["margin"]["t"] >= layout["meta"]["marks_top"] > 0


@pytest.mark.parametrize("periods", [[1, 2, 3, 4, 5, 6], ["2026-01-05", "2026-01-12"]])
def test_charts_without_marks_still_draw(periods):
    result = analyze(list(range(len(periods))), periods=periods, chart_type="run")
    result["measure"] = {"name": "Your data", "unit": ""}
    figure = charts.figure(result)
    assert figure["layout"]["annotations"] == [] and figure["layout"]["meta"]["marks_top"] == 0


def test_a_window_without_a_label_is_numbered():
    figure = charts.figure(stored(list(range(12)), marks=[mark(weekly(12)[2], weekly(12)[4], "")]))
    assert [a["text"] for a in window_labels(figure)] == ["1"]
