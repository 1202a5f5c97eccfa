"""The Study's "actual in the window" writes a proportion's percentage as every chart does
(measures/number_format.py), and the fraction beside it to two places."""

from types import SimpleNamespace

import pytest

from cycles.study_charts import StudyChart
from measures.models import Measure
from measures.number_format import Scale


def actual_text(data_kind, points) -> str:
    measure = SimpleNamespace(data_kind=data_kind)
    return StudyChart(measure=measure, stored=None, cycle=None, points=points).actual_text


def fractions(*pairs):
    return [SimpleNamespace(value=None, numerator=n, denominator=d) for n, d in pairs]


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (((16, 25),), "0.64 (64%)"),
        (((1, 8), (0, 0)), "0.12 (12%)"),  # 12.5% is written as the charts write it, to no places
        (((3, 3),), "1.00 (100%)"),
        (((0, 7),), "0.00 (0%)"),
    ],
)
def test_a_proportion_reads_as_its_fraction_and_the_charts_percentage(pairs, expected):
    assert actual_text(Measure.DataKind.PROPORTION, fractions(*pairs)) == expected


def test_the_percentage_is_the_shared_formatters(monkeypatch):
    calls = []
    original = Scale.format

    def spy(self, value, *, places=1):
        calls.append((value, places))
        return original(self, value, places=places)

    monkeypatch.setattr(Scale, "format", spy)
    assert actual_text(Measure.DataKind.PROPORTION, fractions((1, 4))) == "0.25 (25%)"
    assert calls == [(0.25, 0)]


def test_a_measured_value_keeps_its_plain_decimals():
    points = [SimpleNamespace(value=v, plotted_value=v) for v in (48, 53)]
    assert actual_text(Measure.DataKind.CONTINUOUS, points) == "50.5"
