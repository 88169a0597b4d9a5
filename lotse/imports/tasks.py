"""Background tasks of the import (django-tasks, run by ``db_worker``). They only call
services."""

from django_tasks import task


@task()
def run_batch(batch_id: int, commit: bool) -> dict:
    """Check (``commit=False``) or import the batch ``batch_id``."""
    from lotse.imports import progress
    from lotse.imports.services import batch_run

    try:
        return batch_run(batch_id=batch_id, commit=commit)
    finally:
        progress.close()
