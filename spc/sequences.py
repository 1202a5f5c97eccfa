"""Vectorised run-length encoding: the blocks of equal consecutive codes in an array."""

from __future__ import annotations

import numpy as np


def blocks(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start offsets and lengths of the maximal blocks of equal consecutive codes (R's ``rle``)."""
    if codes.size == 0:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    starts = np.concatenate(([0], np.flatnonzero(codes[1:] != codes[:-1]) + 1))
    lengths = np.diff(np.append(starts, codes.size))
    return starts, lengths
