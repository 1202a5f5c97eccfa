"""What the engine found, as arrays: the one shape that ``engine`` builds and ``output`` reads."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spc import limits
from spc.inputs import Series
from spc.options import ChartOptions
from spc.runs import RunsSummary
from spc.signals import Signal


@dataclass(frozen=True)
class PhaseResult:
    start: int
    end: int  # inclusive
    lines: limits.Lines
    runs: RunsSummary


@dataclass(frozen=True)
class ChartAnalysis:
    """Everything ``analyze`` reports, as arrays; ``output.to_dict`` turns it into plain JSON data."""

    options: ChartOptions
    series: Series
    phases: list[PhaseResult]
    signals: list[Signal]
    cl: np.ndarray
    ucl: np.ndarray | None
    lcl: np.ndarray | None
