"""The options a chart is analysed with, and the values each one may take."""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass

from spc.errors import InputError

CHART_TYPES = ("run", "i", "mr", "xbar", "s", "p", "pp", "u", "up", "c", "g", "t")
RULE_SETS = ("anhoej", "ihi", "nhs")
DIRECTIONS = ("up", "down", None)
MULTIPLIED = ("p", "pp", "u", "up")  # qicharts2's multiply only makes sense for ratios


def _whole_number(value, name: str, field: str) -> int:
    if isinstance(value, bool):
        raise InputError(field, f"{name} must be a whole number, not {value!r}")
    try:
        return operator.index(value)
    except TypeError:
        raise InputError(field, f"{name} must be a whole number, not {value!r}") from None


def _finite_number(value, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) and not hasattr(value, "__float__"):
        raise InputError(field, f"{field} must be a number, not {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(field, f"{field} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise InputError(field, f"{field} must be a finite number, not {value!r}")
    return number


def _indexes(value, name: str, field: str) -> tuple[int, ...]:
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise InputError(field, f"{field} must be a sequence of indexes, not {value!r}")
    return tuple(_whole_number(v, name, field) for v in value)


@dataclass(frozen=True)
class ChartOptions:
    """Everything about a chart except its data.

    ``baseline`` freezes the centre and limits on the first k subgroups (qicharts2 ``freeze``); like
    qicharts2 it is ignored when ``phase_starts`` is given, because each phase then has its own lines.
    ``phase_starts`` and ``exclude`` are 0-based subgroup indexes. ``centre`` fixes the centre line
    (qicharts2 ``cl``), in the plotted units (after ``multiply``). ``multiply`` scales P, P′, U and U′
    charts; ``target`` only feeds the assurance icon.
    """

    chart_type: str = "run"
    baseline: int | None = None
    phase_starts: tuple[int, ...] = ()
    screen_mr: bool = True
    rules: str = "anhoej"
    direction: str | None = None
    exclude: tuple[int, ...] = ()
    centre: float | None = None
    multiply: float = 1
    target: float | None = None

    def __post_init__(self):
        if self.chart_type not in CHART_TYPES:
            raise InputError(
                "chart_type",
                f"Unknown chart type {self.chart_type!r}: choose one of {', '.join(CHART_TYPES)}",
            )
        if self.rules not in RULE_SETS:
            raise InputError(
                "rules", f"Unknown rule set {self.rules!r}: choose one of {', '.join(RULE_SETS)}"
            )
        if self.direction not in DIRECTIONS:
            raise InputError("direction", f"direction must be 'up', 'down' or None, not {self.direction!r}")
        if not isinstance(self.screen_mr, bool):
            raise InputError("screen_mr", f"screen_mr must be True or False, not {self.screen_mr!r}")
        if self.baseline is not None:
            object.__setattr__(self, "baseline", _whole_number(self.baseline, "baseline", "baseline"))
        starts = _indexes(self.phase_starts, "each phase start", "phase_starts")
        if any(later <= earlier for earlier, later in zip(starts, starts[1:], strict=False)):
            raise InputError(
                "phase_starts",
                f"phase_starts must be in increasing order without repeats, got {list(starts)}",
            )
        object.__setattr__(self, "phase_starts", starts)
        excluded = _indexes(self.exclude, "each excluded index", "exclude")
        if any(index < 0 for index in excluded):
            raise InputError("exclude", f"Excluded indexes start at 0, got {list(excluded)}")
        object.__setattr__(self, "exclude", tuple(sorted(set(excluded))))
        multiply = _finite_number(self.multiply, "multiply")
        if multiply <= 0:
            raise InputError("multiply", f"multiply must be above 0, not {self.multiply!r}")
        if multiply != 1 and self.chart_type not in MULTIPLIED:
            raise InputError(
                "multiply",
                f"multiply is for P, P′, U and U′ charts only, not a {self.chart_type.upper()} chart",
            )
        object.__setattr__(self, "multiply", int(multiply) if multiply.is_integer() else multiply)
        if self.centre is not None:
            centre = _finite_number(self.centre, "centre")
            if centre < 0 and self.chart_type in ("p", "pp", "u", "up", "c", "g", "s", "mr"):
                raise InputError("centre", f"A {self.chart_type.upper()} chart's centre cannot be negative")
            if self.chart_type in ("p", "pp") and centre / multiply > 1:
                raise InputError(
                    "centre", f"A proportion's centre cannot exceed 1 (× {multiply:g}), got {centre:g}"
                )
            object.__setattr__(self, "centre", centre)
        if self.target is not None:
            object.__setattr__(self, "target", _finite_number(self.target, "target"))
