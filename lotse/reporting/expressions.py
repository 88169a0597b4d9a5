"""Database expressions the report needs on both SQLite and PostgreSQL."""

import statistics
from typing import Any

from django.db.models import BigIntegerField, DateField, Expression, Func, IntegerField


class DaysBetween(Func):
    """Whole days from ``start`` to ``end`` (``end - start``) for two date expressions."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, end: Any, start: Any, **extra: Any) -> None:
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: date - date is an integer number of days.
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite keeps dates as ISO text; julianday() turns them into day numbers.
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        sql = f"CAST(ROUND(julianday({end_sql}) - julianday({start_sql})) AS INTEGER)"
        return sql, (*end_params, *start_params)


class YearsBefore(Func):
    """The date ``years`` whole years before a date expression (29 February → 28 February or
    1 March, as the database does it)."""

    output_field = DateField()
    arity = 1

    def __init__(self, expression: Any, years: int, **extra: Any) -> None:
        self.years = int(years)
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(({sql} - INTERVAL '{self.years} years') AS DATE)", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '-{self.years} years')", params


class SimpleCase(Func):
    """``CASE subject WHEN value THEN result … ELSE default END`` with constant values and
    integer results: the subject is evaluated once per row (a searched CASE with one
    condition per value evaluates it once per WHEN)."""

    output_field = BigIntegerField()

    def __init__(
        self, subject: Expression, cases: list[tuple[str, int]], default: int, **extra: Any
    ) -> None:
        self.cases = [(str(value), int(result)) for value, result in cases]
        self.default = int(default)
        super().__init__(subject, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        subject, params = compiler.compile(self.source_expressions[0])
        parts, values = [], []
        for value, result in self.cases:
            parts.append(f"WHEN %s THEN {result}")
            values.append(value)
        # Results and default are our own integers, written into the SQL (as a parameter a
        # default above 2**31 would be bound as a 32-bit int4 by the server).
        sql = f"CASE {subject} {' '.join(parts)} ELSE {self.default} END"
        return sql, (*params, *values)


def median_sql(column: str, vendor: str) -> str:
    """SQL for the median of ``column`` (NULLs ignored): ``percentile_cont(0.5)`` on
    PostgreSQL, the ``lotse_median`` aggregate that ``ReportingConfig.ready`` registers on
    SQLite connections."""
    if vendor == "postgresql":
        return f"PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY {column})"
    return f"lotse_median({column})"


class SqliteMedian:
    """The ``lotse_median`` aggregate for SQLite (Python's sqlite3 user-defined aggregate)."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return float(statistics.median(self.values)) if self.values else None


class SqliteBitOr:
    """The ``lotse_bit_or`` aggregate for SQLite (PostgreSQL has ``bit_or``)."""

    def __init__(self) -> None:
        self.value = 0

    def step(self, value: int | None) -> None:
        if value is not None:
            self.value |= value

    def finalize(self) -> int:
        return self.value


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: add ``lotse_median`` and ``lotse_bit_or`` to SQLite
    connections."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("lotse_median", 1, SqliteMedian)
        connection.connection.create_aggregate("lotse_bit_or", 1, SqliteBitOr)
