"""The one django-tasks task of the scheduler: run a claimed job run (``services.run_execute``)."""

from typing import Any

from django_tasks import task


@task()
def run_job(run_id: int) -> dict[str, Any]:
    """Run the job run ``run_id`` (a ``JobRun`` claimed by the scheduler) and record it."""
    from lotse.ops.services import run_execute

    return run_execute(run_id=run_id)
