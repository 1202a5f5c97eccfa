"""The options a chart is analysed with, and the values each one may take."""

from __future__ import annotations

import operator
from dataclasses import dataclass

CHART_TYPES = ("run", "i", "p", "u", "c")
RULE_SETS = ("anhoej", "ihi", "nhs")
DIRECTIONS = ("up", "down", None)


def _whole_number(value, name: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    try:
        return operator.index(value)
    except TypeError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


@dataclass(frozen=True)
class ChartOptions:
    """Everything about a chart except its data.

    ``baseline`` freezes the centre and limits on the first k points (qicharts2 ``freeze``); like
    qicharts2 it is ignored when ``phase_starts`` is given, because each phase then has its own lines.
    ``phase_starts`` are 0-based indexes where a new phase begins.
    """

    chart_type: str = "run"
    baseline: int | None = None
    phase_starts: tuple[int, ...] = ()
    screen_mr: bool = True
    rules: str = "anhoej"
    direction: str | None = None

    def __post_init__(self):
        if self.chart_type not in CHART_TYPES:
            raise ValueError(
                f"Unknown chart type {self.chart_type!r}: choose one of {', '.join(CHART_TYPES)}"
            )
        if self.rules not in RULE_SETS:
            raise ValueError(f"Unknown rule set {self.rules!r}: choose one of {', '.join(RULE_SETS)}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"direction must be 'up', 'down' or None, not {self.direction!r}")
        if not isinstance(self.screen_mr, bool):
            raise ValueError(f"screen_mr must be True or False, not {self.screen_mr!r}")
        if self.baseline is not None:
            object.__setattr__(self, "baseline", _whole_number(self.baseline, "baseline"))
        if isinstance(self.phase_starts, str | bytes) or not hasattr(self.phase_starts, "__iter__"):
            raise ValueError(f"phase_starts must be a sequence of indexes, not {self.phase_starts!r}")
        starts = tuple(_whole_number(s, "each phase start") for s in self.phase_starts)
        if any(later <= earlier for earlier, later in zip(starts, starts[1:], strict=False)):
            raise ValueError(f"phase_starts must be in increasing order without repeats, got {list(starts)}")
        object.__setattr__(self, "phase_starts", starts)
