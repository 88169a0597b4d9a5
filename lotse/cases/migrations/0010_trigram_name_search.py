"""Trigram indexes for the mentee search on PostgreSQL (issue 13, item 5).

The search matches each word anywhere in the first name, the last name or an external reference
number (``icontains``, i.e. ``UPPER(col) LIKE UPPER('%word%')``): a B-tree cannot serve that, a
GIN index of the trigrams of ``UPPER(col)`` can. Only on PostgreSQL (``pg_trgm``); SQLite keeps
scanning, which is fine at its sizes. The models do not declare these indexes (see
``lotse.lib.migrations.OnPostgreSQL``).
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.models.functions import Upper

from lotse.lib.migrations import OnPostgreSQL


def _trigram(field: str, name: str) -> GinIndex:
    return GinIndex(OpClass(Upper(field), name="gin_trgm_ops"), name=name)


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_merge_20261201_2240")]

    operations = [
        OnPostgreSQL(
            TrigramExtension(),
            migrations.AddIndex("mentee", _trigram("first_name", "mentee_first_name_trgm")),
            migrations.AddIndex("mentee", _trigram("last_name", "mentee_last_name_trgm")),
            migrations.AddIndex(
                "externalreference", _trigram("reference", "external_reference_trgm")
            ),
        )
    ]
