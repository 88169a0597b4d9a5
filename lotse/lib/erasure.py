"""Helpers for the apps' erasure modules (``lotse/<app>/erasure.py``, see
``lotse.privacy.erasure``): neutral values and fresh public ids for the records that are kept."""

import uuid

from django.db.models import QuerySet

#: What a name or another required text becomes when its record is anonymised.
ERASED_TEXT = "–"


def renew_public_ids(queryset: QuerySet) -> int:
    """Give every row of ``queryset`` a new random ``public_id``, so that an old link, export
    or audit row no longer points at the anonymised record; returns the number of rows."""
    rows = list(queryset.only("pk"))
    for row in rows:
        row.public_id = uuid.uuid4()
    queryset.model._base_manager.bulk_update(rows, ["public_id"], batch_size=500)
    return len(rows)
