"""Enqueue a run of the named jobs (or all) now, e.g. to repeat a failed one by hand."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.ops import schedule
from lotse.ops.scheduler import enqueue_now


class Command(BaseCommand):
    help = "Enqueue a run of the named scheduled jobs now (db_worker runs them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("jobs", nargs="*", help="Job names (see lotse/ops/schedule.py).")
        parser.add_argument("--all", action="store_true", help="Every scheduled job.")

    def handle(self, *args: Any, **options: Any) -> None:
        names = [job.name for job in schedule.JOBS]
        if options["all"]:
            jobs = list(schedule.JOBS)
        elif options["jobs"]:
            unknown = sorted(set(options["jobs"]) - set(names))
            if unknown:
                raise CommandError(
                    f"Unknown job(s): {', '.join(unknown)}; known: {', '.join(names)}."
                )
            jobs = [schedule.get_job(name) for name in options["jobs"]]
        else:
            raise CommandError(f"Name one or more jobs ({', '.join(names)}) or pass --all.")
        for run in enqueue_now(jobs):
            self.stdout.write(f"Enqueued {run.job} (run {run.pk}).")
