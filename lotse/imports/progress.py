"""How far the check or import of a batch is, for the progress page.

The rows are worked on in one transaction, so a progress count written in it would only be
seen at its end. On PostgreSQL the count is written through a connection of its own (in
autocommit), which the progress page sees at once; SQLite allows one writer at a time, so there
the page shows only that the batch is running and the count jumps at the end."""

import threading

from django.db import connection, connections

_local = threading.local()


def _side_connection():
    side = getattr(_local, "connection", None)
    if side is None:
        side = connections.create_connection("default")
        _local.connection = side
    return side


def report(batch_id: int, done: int) -> None:
    """Record that ``done`` rows of the batch are done."""
    from lotse.imports.models import ImportBatch

    if not connection.in_atomic_block:
        ImportBatch.objects.filter(pk=batch_id).update(progress=done)
        return
    if connection.vendor != "postgresql":
        return
    side = _side_connection()
    with side.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ImportBatch._meta.db_table} SET progress = %s WHERE id = %s",  # noqa: S608
            [done, batch_id],
        )


def close() -> None:
    side = getattr(_local, "connection", None)
    if side is not None:
        side.close()
        _local.connection = None
