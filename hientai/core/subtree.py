"""Sums over unit subtrees read from a summary table's own indexed `unit_path` column.

`subtree_sums(table, columns, units, ...)` returns, for each unit, the sums of `columns` over
the rows whose `unit_path` starts with the unit's path — in one query, whatever the number
of units: on SQLite a join on a range (the paths that start with "/75/25210/" are exactly
those in ["/75/25210/", "/75/252100") since "0" follows "/"), on PostgreSQL one UNION ALL
branch per unit with `unit_path LIKE 'path%'` (a `varchar_pattern_ops` index answers it
whatever the database's collation). Never a LIKE on a join with the unit table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

# Units per query on SQLite (3 parameters each; SQLite allows 32,766 parameters).
UNITS_PER_QUERY = 5000


def subtree_sums(
    table: str,
    columns: Sequence[str],
    units: Sequence[tuple[int, str]],
    *,
    group: Sequence[str] = (),
    where: str = "",
    params: Sequence[Any] = (),
) -> list[tuple]:
    """Rows (unit id, *group values, *sums of columns) for each (unit id, path) of `units`;
    `where` (with `params`) narrows the summed rows (SQL over the table's columns)."""
    if not units:
        return []
    sums = ", ".join(f"SUM({column})" for column in columns)
    grouped = "".join(f", {name}" for name in group)
    extra = f" AND ({where})" if where else ""
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            branch = (
                f"SELECT %s AS wanted{grouped}, {sums} FROM {table} "
                f"WHERE unit_path LIKE %s{extra} GROUP BY wanted{grouped}"
            )
            sql = " UNION ALL ".join(branch for _unit in units)
            values: list[Any] = []
            for unit_id, path in units:
                values += [unit_id, path + "%", *params]
            cursor.execute(sql, values)
            return list(cursor.fetchall())
        for start in range(0, len(units), UNITS_PER_QUERY):
            chunk = units[start : start + UNITS_PER_QUERY]
            wanted = ", ".join(["(%s, %s, %s)"] * len(chunk))
            sql = (
                f"WITH wanted(wanted_id, low, high) AS (VALUES {wanted}) "
                f"SELECT wanted.wanted_id{grouped}, {sums} FROM wanted JOIN {table} "
                f"ON unit_path >= wanted.low AND unit_path < wanted.high{extra} "
                f"GROUP BY wanted.wanted_id{grouped}"
            )
            values = []
            for unit_id, path in chunk:
                values += [unit_id, path, path[:-1] + "0"]
            cursor.execute(sql, [*values, *params])
            rows += cursor.fetchall()
    return rows
