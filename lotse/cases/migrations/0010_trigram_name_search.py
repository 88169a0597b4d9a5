"""Trigram indexes for the mentee search on PostgreSQL (issue 13, item 5).

The search matches each word anywhere in the first name, the last name or an external reference
number (``icontains``, i.e. ``UPPER(col) LIKE UPPER('%word%')``): a B-tree cannot serve that, a
GIN index of the trigrams of ``UPPER(col)`` can. Only on PostgreSQL (``pg_trgm``); SQLite keeps
scanning, which is fine at its sizes. The models do not declare these indexes (see
``lotse.lib.migrations.OnPostgreSQL``).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from lotse.lib.migrations import OnPostgreSQL


def _trigram(table: str, column: str, name: str) -> migrations.RunSQL:
    """A GIN index of the trigrams of ``UPPER(column)``, the expression ``icontains`` uses.
    Plain SQL: ``OpClass`` in an index needs ``django.contrib.postgres`` installed."""
    return migrations.RunSQL(
        f'CREATE INDEX "{name}" ON "{table}" USING gin (UPPER("{column}") gin_trgm_ops)',
        f'DROP INDEX IF EXISTS "{name}"',
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_merge_20261201_2240")]

    operations = [
        OnPostgreSQL(
            TrigramExtension(),
            _trigram("cases_mentee", "first_name", "mentee_first_name_trgm"),
            _trigram("cases_mentee", "last_name", "mentee_last_name_trgm"),
            _trigram("cases_externalreference", "reference", "external_reference_trgm"),
        )
    ]
