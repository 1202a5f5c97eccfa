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
    lines: limits.Lines  # before ``multiply``
    runs: RunsSummary


@dataclass(frozen=True)
class ChartAnalysis:
    """Everything ``analyze`` reports, as arrays; ``output`` turns it into plain JSON data.

    ``y``, ``cl``, ``ucl`` and ``lcl`` are what is drawn: after ``multiply``, moving ranges on an MR
    chart and standard deviations on an S chart.
    """

    options: ChartOptions
    series: Series
    phases: list[PhaseResult]
    signals: list[Signal]
    y: np.ndarray
    cl: np.ndarray
    ucl: np.ndarray | None
    lcl: np.ndarray | None
    warnings: list[str]
