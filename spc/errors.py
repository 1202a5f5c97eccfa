"""The one exception the engine raises for input it cannot chart."""

from __future__ import annotations

FIELDS = (
    "values",
    "denominators",
    "periods",
    "baseline",
    "phase_starts",
    "exclude",
    "centre",
    "multiply",
    "target",
    "chart_type",
    "rules",
    "direction",
    "screen_mr",
)


class InputError(ValueError):
    """Bad input, with the argument it is about in ``field`` (one of ``FIELDS``).

    A ValueError, so callers that catch ValueError keep working; ``str(error)`` is the message alone.
    """

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message
