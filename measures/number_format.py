"""How a chart's numbers are written, in one place: the caption, the figure's axis and hovers, and the
pages' tables all ask the same ``Scale``, so a proportion never reads 0.64 in one place and 64% in
another."""

from __future__ import annotations

from dataclasses import dataclass

# Chart types whose values the engine multiplies (qicharts2's ``multiply``).
MULTIPLIED = ("p", "pp", "u", "up")
PROPORTION_CHARTS = ("p", "pp")
DEFAULT_UNITS = {"t": "days between events", "g": "opportunities between events"}


@dataclass(frozen=True)
class Scale:
    """What the plotted numbers are: fractions shown as percentages, or numbers in ``unit``."""

    percent: bool = False
    unit: str = ""

    def format(self, value, *, places: int = 1) -> str:
        """``0.64`` as ``64%`` on a percentage scale; otherwise the number with up to ``places``
        decimals (more for small numbers) and thousands separators."""
        if value is None:
            return "—"
        value = float(value)
        if self.percent:
            return f"{_plain(value * 100, places)}%"
        return _plain(value, places if abs(value) >= 1 or value == 0 else max(places, 3))

    def with_unit(self, value, *, places: int = 1) -> str:
        text = self.format(value, places=places)
        if self.percent or not self.unit:
            return text
        return f"{text}%" if self.unit == "%" else f"{text} {self.unit}"

    def axis(self) -> dict:
        """Plotly y-axis settings: d3 formats for a percentage scale, the unit as the title."""
        if self.percent:
            return {"tickformat": ".0%", "hoverformat": ".1%", "title": {"text": ""}}
        return {"title": {"text": self.unit}}


def _plain(number: float, places: int) -> str:
    text = f"{number:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def per_unit(multiplier: int | float, unit: str = "") -> str:
    """'per 100 pupils', 'per 1,000': a rate's unit once multiplied. A unit already written as a rate
    ('per 100 sessions') is kept as it is."""
    unit = (unit or "").strip()
    if unit.lower().startswith("per "):
        return unit
    amount = f"{multiplier:,.0f}" if float(multiplier).is_integer() else f"{multiplier:,g}"
    return f"per {amount} {unit}".strip()


def scale_of(result: dict | None) -> Scale:
    """The scale of a stored chart (or scratch-pad analysis). Charts stored before the multiplier and
    the data kind were kept read as they always did: a P chart's values as percentages."""
    result = result or {}
    measure = result.get("measure") or {}
    chart_type = result.get("chart_type")
    multiply = result.get("multiply") or 1
    data_kind = measure.get("data_kind")
    proportion = data_kind == "proportion" if data_kind else chart_type in PROPORTION_CHARTS
    unit = measure.get("unit") or ""
    if multiply != 1:
        return Scale(percent=False, unit=per_unit(multiply, unit if unit != "%" else ""))
    if proportion and chart_type not in ("t", "g"):
        return Scale(percent=True, unit="%")
    return Scale(percent=False, unit=unit or DEFAULT_UNITS.get(chart_type, ""))
