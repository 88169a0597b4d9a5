"""Background tasks of matching (django-tasks). They only call services."""

from dataclasses import asdict

from django_tasks import task

from lotse.matching.services import matches_refresh


@task()
def refresh_matches() -> dict[str, int]:
    """Rank all active mentees and create tasks for new strong matches (safe to run again)."""
    return asdict(matches_refresh())
