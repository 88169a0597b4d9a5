"""Background tasks of the journal (django-tasks). They only call services."""

from django_tasks import task

from lotse.journal.reminders import reminders_create


@task()
def create_reminders() -> dict[str, int]:
    """Create the reminders due today; enqueue once a day (safe to run more often)."""
    return reminders_create()
