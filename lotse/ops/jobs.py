"""The scheduled jobs: each takes ``should_stop`` (asked between chunks of work) and returns a
small dict of counts for the job-run page. They only call services; every service is
idempotent, so a job that is retried or runs twice changes nothing the second time. A job that
was asked to stop raises :class:`lotse.lib.stopping.Stopped` with what it had done."""

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

ShouldStop = Callable[[], bool]


def create_reminders(*, should_stop: ShouldStop) -> dict[str, Any]:
    from lotse.journal.reminders import reminders_create

    return reminders_create(should_stop=should_stop)


def ensure_followups(*, should_stop: ShouldStop) -> dict[str, Any]:
    from lotse.placements.followups import followups_complete

    return {"placements": followups_complete(should_stop=should_stop)}


def refresh_matches(*, should_stop: ShouldStop) -> dict[str, Any]:
    from lotse.matching.services import matches_refresh

    return asdict(matches_refresh(should_stop=should_stop))


def prune_imports(*, should_stop: ShouldStop) -> dict[str, Any]:
    from lotse.imports.services import batches_prune

    return batches_prune()


def prune_task_results(*, should_stop: ShouldStop) -> dict[str, Any]:
    from lotse.ops.services import task_results_prune

    return {"deleted": task_results_prune()}


def publish_report(*, should_stop: ShouldStop) -> dict[str, Any]:
    """The coordinator's published figures, so that no coordinator waits for them. Asked to
    stop, the audit stops between two linear programs and nothing is stored (the set is
    stored in one transaction at the end); the next run computes it again."""
    from lotse.reporting import published

    stamp = published.due()
    if stamp is None:
        return {"recomputed": 0}
    published.refresh(stamp=stamp, should_stop=should_stop)
    counts = published.stored_summary() or {}
    return {"recomputed": 1, **{k: counts.get(k) for k in ("cells", "secondary", "seconds")}}


def import_ba_vacancies(*, should_stop: ShouldStop) -> dict[str, Any]:
    """The vacancies of the BA job board. A run that fails (an error while writing) changed
    nothing and raises, so that the job is retried; failed pages or postings are in the
    result and on the BA import page."""
    from lotse.jobsuche.sync import ba_import

    run = ba_import(should_stop=should_stop)
    return {
        "status": run.status,
        "new": run.new,
        "changed": run.changed,
        "closed": run.closed,
        "failed": run.failed,
    }


def apply_retention(*, should_stop: ShouldStop) -> dict[str, Any]:
    """Anonymise what the retention rules say is due (``lotse.privacy.retention``)."""
    from lotse.privacy.retention import retention_apply

    return retention_apply(should_stop=should_stop)
