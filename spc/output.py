"""The engine's analysis as plain data: floats, ints, strings, None, lists and dicts, ready for JSON.

Not-a-number and infinite values become None. Period labels pass through unchanged when they are
strings or whole numbers; dates become ISO strings and numpy scalars plain Python numbers.

``to_json`` writes the same data as ``orjson.dumps(to_dict(...))``, byte for byte, without building a
dict per point: each column is serialised once by orjson and the points are spliced from its items.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import orjson

from spc import icons
from spc.analysis import ChartAnalysis

_PLAIN_LABELS = {str, int}
_BOOLS = np.array([b"false", b"true"], dtype=object)
_FEW_FROM = 64  # below this many points, looking for repeated values costs more than it saves


def _number(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _numbers(values: np.ndarray) -> list:
    out = values.tolist()
    for index in np.flatnonzero(~np.isfinite(values)).tolist():
        out[index] = None
    return out


def _label(period):
    if hasattr(period, "isoformat"):
        return period.isoformat()
    if isinstance(period, np.generic):
        return period.item()
    return period


def _labels(periods: list | range) -> list | range:
    if isinstance(periods, range) or set(map(type, periods)) <= _PLAIN_LABELS:
        return periods
    return [_label(period) for period in periods]


def _sizes(size: np.ndarray) -> np.ndarray:
    """Subgroup sizes as whole numbers where they are (the usual case), else as floats."""
    if size.size and np.all(size == np.floor(size)) and np.all(np.abs(size) < 2**53):
        return size.astype(np.int64)
    return size


class _Columns:
    """The per-point data as arrays and lists, shared by the dict and the JSON writer."""

    def __init__(self, analysis: ChartAnalysis):
        series = analysis.series
        n = series.y.size
        self.n = n
        self.periods = _labels(series.periods)
        self.y, self.cl, self.ucl, self.lcl = analysis.y, analysis.cl, analysis.ucl, analysis.lcl
        flagged = np.zeros(n, dtype=bool)
        for signal in analysis.signals:
            flagged[signal.members] = True
        self.signal = flagged
        self.excluded = ~series.include
        self.size = _sizes(series.size)  # an array: ints where every size is whole


def _head(analysis: ChartAnalysis, periods: list, points) -> dict:
    options = analysis.options
    factor = options.multiply
    phases = [
        {
            "start": phase.start,
            "end": phase.end,
            "centre": _number(phase.lines.cl * factor),
            "runs": phase.runs.as_dict(),
        }
        for phase in analysis.phases
    ]
    last = analysis.phases[-1] if analysis.phases else None
    centre = None  # a number for one phase, one per point for several (each phase has its own)
    if len(phases) == 1:
        centre = phases[0]["centre"]
    elif phases:
        centre = _numbers(analysis.cl)
    mr = None
    if options.chart_type == "i":
        mr = {"amr": _number(last.lines.amr) if last else None, "screened": options.screen_mr}
    empty_runs = {"longest_run": None, "longest_run_max": None, "crossings": None, "crossings_min": None}
    latest = icons.latest_point(analysis.y)
    ucl = lcl = math.nan
    if latest is not None and analysis.ucl is not None:
        ucl, lcl = float(analysis.ucl[latest]), float(analysis.lcl[latest])
    return {
        "chart_type": options.chart_type,
        "rules": options.rules,
        "direction": options.direction,
        "n": analysis.series.y.size,
        "n_useful": last.runs.n_useful if last else 0,
        "centre": centre,
        "runs": last.runs.as_dict() if last else {**empty_runs, "signal": False},
        "phases": phases,
        "points": points,
        "signals": [
            {
                "rule": signal.rule,
                "start": periods[signal.start_index],
                "end": periods[signal.end_index],
                "start_index": signal.start_index,
                "end_index": signal.end_index,
                "direction": signal.direction(options.direction),
                "description": signal.description,
            }
            for signal in analysis.signals
        ],
        "mr": mr,
        "variation_icon": icons.variation_icon(analysis.signals, latest, options.direction),
        "assurance_icon": icons.assurance_icon(options.target, options.direction, ucl, lcl),
        "warnings": list(analysis.warnings),
        "multiply": factor,
        "target": options.target,
        "centre_fixed": options.centre is not None and options.chart_type != "t",
        "excluded": list(options.exclude),
    }


def to_dict(analysis: ChartAnalysis) -> dict:
    columns = _Columns(analysis)
    n = columns.n
    no_limits = [None] * n
    ucl = _numbers(columns.ucl) if columns.ucl is not None else no_limits
    lcl = _numbers(columns.lcl) if columns.lcl is not None else no_limits
    points = [
        {
            "period": period,
            "value": value,
            "cl": centre,
            "ucl": upper,
            "lcl": lower,
            "signal": flag,
            "excluded": out,
            "n": size,
        }
        for period, value, centre, upper, lower, flag, out, size in zip(
            columns.periods,
            _numbers(columns.y),
            _numbers(columns.cl),
            ucl,
            lcl,
            columns.signal.tolist(),
            columns.excluded.tolist(),
            _numbers(columns.size) if columns.size.dtype == np.float64 else columns.size.tolist(),
            strict=True,
        )
    ]
    return _head(analysis, columns.periods, points)


def _constant_array(column: np.ndarray) -> bool:
    # Bit for bit, so that 0.0 and -0.0 (which orjson writes differently) are never taken as one.
    bits = column.view(np.int64) if column.dtype == np.float64 else column
    return bool(np.all(bits == bits[0]))


def _may_repeat(column: np.ndarray) -> bool:
    """Whether a column's first points repeat enough to make sorting all of them worth a try: a
    measured value rarely repeats, and sorting 10,000 of them to learn so costs more than writing them.
    A column of under about 900 distinct values (limits that follow 150 denominators) repeats within
    its first 256 points; one of thousands mostly does not."""
    sample = column[:256].view(np.int64)
    return np.unique(sample).size * 8 <= sample.size * 7


class _Few(NamedTuple):
    """A column with few distinct texts: ``texts[codes[i]]`` is point i's item."""

    codes: np.ndarray
    texts: list[bytes]


def _items(column, n: int) -> list[bytes] | bytes | _Few:
    """orjson's text for each item of a column: one ``bytes`` when every item reads the same, a
    ``_Few`` when few distinct texts repeat, else one item per point."""
    if column is None:
        return b"null"
    if isinstance(column, range):
        column = np.arange(column.start, column.stop, column.step)  # the default labels: orjson writes
        # an int64 item as it writes the int
    if isinstance(column, np.ndarray):
        if _constant_array(column):
            return orjson.dumps(column[:1], option=orjson.OPT_SERIALIZE_NUMPY)[1:-1]
        if n >= _FEW_FROM and column.dtype in (np.float64, np.int64) and _may_repeat(column):
            # Limits that follow the denominators take few distinct values: write each once. Unique
            # by bits, so that 0.0 and -0.0 (which orjson writes differently) stay apart.
            bits, inverse = np.unique(column.view(np.int64), return_inverse=True)
            if bits.size * 4 <= n:
                texts = orjson.dumps(bits.view(column.dtype), option=orjson.OPT_SERIALIZE_NUMPY)[1:-1]
                return _Few(inverse, texts.split(b","))
        text = orjson.dumps(column, option=orjson.OPT_SERIALIZE_NUMPY)
    else:
        text = orjson.dumps(column)
    inner = text[1:-1]
    if inner.count(b",") == n - 1:  # no comma inside an item (text labels may hold one)
        items = inner.split(b",")
        same = n > 1 and items[0] == items[-1] and items.count(items[0]) == n  # the ends first: cheap
        return items[0] if same else items
    return [orjson.dumps(item) for item in column]


def _following(column: np.ndarray | None, sizes) -> _Few | None:
    """A limit column as a ``_Few`` on the sizes' codes, when every limit follows its point's size (one
    phase of a P or U chart): a gather and a comparison instead of sorting the limits. None otherwise;
    the items are the same either way."""
    if not isinstance(sizes, _Few) or column is None or column.dtype != np.float64:
        return None
    if _constant_array(column):
        return None  # written once, as _items does
    one_each = np.empty(len(sizes.texts), dtype=np.intp)
    one_each[sizes.codes] = np.arange(sizes.codes.size)  # a point of each size (any will do)
    distinct = column[one_each]
    # Bit for bit, so that 0.0 and -0.0 (which orjson writes differently) are never taken as one.
    if not np.array_equal(distinct.view(np.int64)[sizes.codes], column.view(np.int64)):
        return None
    texts = orjson.dumps(distinct, option=orjson.OPT_SERIALIZE_NUMPY)[1:-1]
    return _Few(sizes.codes, texts.split(b","))


def _flags(signal: np.ndarray, excluded: np.ndarray) -> bytes | _Few:
    """The signal and excluded flags with the key between them, as one item."""
    texts = [a + _EXCLUDED_KEY + b for a in (b"false", b"true") for b in (b"false", b"true")]
    codes = signal.view(np.int8) * 2 + excluded.view(np.int8)
    if _constant_array(codes):
        return texts[codes[0]]
    return _Few(codes.astype(np.intp), texts)


def _function_of(given: _Few, other: _Few) -> np.ndarray | None:
    """For each of ``given``'s texts the code of ``other``'s text beside it, when that is one code
    (the P chart's limits and sizes all follow the denominator); else None."""
    mapping = np.empty(len(given.texts), dtype=np.intp)
    mapping[given.codes] = other.codes
    return mapping if np.array_equal(mapping[given.codes], other.codes) else None


def _merge(first: _Few, between: bytes, second: _Few, most: int) -> _Few | None:
    """Two few-valued columns and the constant text between them as one few-valued column, or None
    when the pairs that occur are more than ``most``."""
    mapping = _function_of(first, second)
    if mapping is not None:
        texts = [a + between + second.texts[b] for a, b in zip(first.texts, mapping.tolist(), strict=True)]
        return _Few(first.codes, texts)
    mapping = _function_of(second, first)
    if mapping is not None:
        texts = [first.texts[a] + between + b for a, b in zip(mapping.tolist(), second.texts, strict=True)]
        return _Few(second.codes, texts)
    size = len(first.texts) * len(second.texts)
    if size > 4 * len(first.codes):
        return None  # a table of every pair would cost more than the join it saves
    combined = first.codes * len(second.texts) + second.codes
    # Number the pairs that occur without sorting: the codes are dense, so a table of them will do.
    present = np.zeros(size, dtype=bool)
    present[combined] = True
    codes = np.flatnonzero(present)
    if codes.size > most:
        return None
    inverse = (np.cumsum(present) - 1)[combined]
    texts = [
        first.texts[code // len(second.texts)] + between + second.texts[code % len(second.texts)]
        for code in codes.tolist()
    ]
    return _Few(inverse, texts)


def _expand(items) -> list[bytes]:
    if isinstance(items, _Few):
        return np.array(items.texts, dtype=object)[items.codes].tolist()
    return items


_EXCLUDED_KEY = b',"excluded":'


def _points_json(columns: _Columns) -> list[bytes]:
    """The points array as pieces to join (joined once with the rest of the answer)."""
    n = columns.n
    if n == 0:
        return [b"[]"]
    # Each point is constant text (keys, and columns that read the same everywhere, such as one
    # phase's centre) around the varying items; consecutive points share one constant (the previous
    # point's tail and the next one's head), so the whole array is one join over interleaved lists.
    # Joining costs per piece, so neighbouring few-valued columns (P chart limits, which follow the
    # denominators, the flags and the sizes) are merged into one item first.
    size = _items(columns.size, n)
    fields = [
        (b'"period":', _items(columns.periods, n)),
        (b',"value":', _items(columns.y, n)),
        (b',"cl":', _items(columns.cl, n)),
        (b',"ucl":', _following(columns.ucl, size) or _items(columns.ucl, n)),
        (b',"lcl":', _following(columns.lcl, size) or _items(columns.lcl, n)),
        (b',"signal":', _flags(columns.signal, columns.excluded)),
        (b',"n":', size),
    ]
    constants, varying = [], []
    text = b""
    for key, items in fields:
        text += key
        if isinstance(items, bytes):
            text += items
        elif (
            varying
            and isinstance(items, _Few)
            and isinstance(varying[-1], _Few)
            and (merged := _merge(varying[-1], text, items, most=n // 4)) is not None
        ):
            varying[-1] = merged
            text = b""
        else:
            constants.append(text)
            varying.append(items)
            text = b""
    varying = [_expand(items) for items in varying]
    tail = text + b"}"
    if not varying:  # every column reads the same on every point (a chart of one point)
        return [b"[", b",".join([b"{" + tail] * n), b"]"]
    k = len(varying)
    step = 2 * k
    parts: list = [None] * (step * n)
    for j in range(k):
        head = constants[j]
        if j == 0:
            parts[0::step] = [tail + b",{" + head] * n
            parts[0] = b"[{" + head
        else:
            parts[2 * j :: step] = [head] * n
        parts[2 * j + 1 :: step] = varying[j]
    parts.append(tail + b"]")
    return parts


_PLACEHOLDER = b'"points":[]'


def to_json(analysis: ChartAnalysis) -> bytes:
    """``orjson.dumps(to_dict(analysis))``, byte for byte, built column by column."""
    columns = _Columns(analysis)
    head = orjson.dumps(_head(analysis, columns.periods, []))
    # Everything before "points" is numbers and fixed words, so the first match is the key itself.
    at = head.index(_PLACEHOLDER) + len(b'"points":')
    parts = _points_json(columns)
    parts.insert(0, head[:at])
    parts.append(head[at + 2 :])
    return b"".join(parts)
