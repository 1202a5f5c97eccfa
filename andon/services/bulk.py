"""Many rows at once for the escalation job. On PostgreSQL, ``execute_values`` with plain Python
values (ints, strings, aware datetimes): several times faster than ``bulk_create`` and
``bulk_update``, whose per-field preparation dominates a 10,000-flag pass. Elsewhere (the embedded
SQLite default) the ORM does the same work more slowly.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.db.models import Q

PAGE = 1000


def _plain(rows: list[tuple]) -> list[tuple]:
    # psycopg2 adapts an aware datetime several times slower than a string; PostgreSQL reads the
    # ISO text (with its offset) as the same instant.
    return [tuple(v.isoformat() if isinstance(v, datetime) else v for v in row) for row in rows]


def _columns(model, fields):
    return [model._meta.get_field(name) for name in fields]


def _cast(field) -> str:
    return field.db_type(connection).split("(")[0]


def insert_rows(model, fields: list[str], rows: list[tuple]) -> None:
    """INSERT ``rows`` (tuples in the order of ``fields``, by attname for foreign keys)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in rows])
        return
    from psycopg2.extras import execute_values

    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in _columns(model, fields))
    with connection.cursor() as cursor, connection.wrap_database_errors:
        execute_values(
            cursor.cursor,
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES %s",
            _plain(rows),
            page_size=PAGE,
        )


def update_rows(model, keys: list[str], fields: list[str], rows: list[tuple]) -> None:
    """UPDATE the rows matching ``keys`` (the first values of each tuple) to the remaining values."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        for row in rows:
            match, values = row[: len(keys)], row[len(keys) :]
            model.objects.filter(Q(**dict(zip(keys, match, strict=True)))).update(
                **dict(zip(fields, values, strict=True))
            )
        return
    from psycopg2.extras import execute_values

    quote = connection.ops.quote_name
    key_columns, set_columns = _columns(model, keys), _columns(model, fields)
    names = ", ".join(f"c{i}" for i in range(len(keys) + len(fields)))
    where = " AND ".join(f"t.{quote(c.column)} = v.c{i}::{_cast(c)}" for i, c in enumerate(key_columns))
    assignments = ", ".join(
        f"{quote(c.column)} = v.c{len(keys) + i}::{_cast(c)}" for i, c in enumerate(set_columns)
    )
    with connection.cursor() as cursor, connection.wrap_database_errors:
        execute_values(
            cursor.cursor,
            f"UPDATE {quote(model._meta.db_table)} AS t SET {assignments} "
            f"FROM (VALUES %s) AS v({names}) WHERE {where}",
            _plain(rows),
            page_size=PAGE,
        )
