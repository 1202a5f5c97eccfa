"""A table as a file to download, in either spreadsheet format, for pages and the API alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from playbook.spreadsheets import CONTENT_TYPES, CSV, XLSX, write_table

FORMATS = (CSV, XLSX)


def table_response(
    header: Sequence[str], rows: Iterable[Sequence], fmt: str, *, name: str, title: str = "Data"
) -> HttpResponse:
    """``name`` is the file's name without its extension; callers give a slug (no quotes)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown download format {fmt!r}")
    response = HttpResponse(write_table(header, rows, fmt, title=title), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
