"""Enqueue the scheduled jobs (``lotse/ops/schedule.py``) when they are due; ``db_worker``
processes run them. Start one per installation; a second one on another machine is harmless
(every run is claimed once). Stops cleanly on SIGTERM."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lotse.ops.scheduler import Scheduler


class Command(BaseCommand):
    help = "Enqueue the scheduled background jobs when they are due (run the jobs with db_worker)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=30.0,
            help="Seconds between two looks at the schedule at most (default: 30).",
        )
        parser.add_argument(
            "--run-due-now",
            action="store_true",
            help="Enqueue a run of every job right away when starting, then go on as usual.",
        )
        parser.add_argument(
            "--once", action="store_true", help="Enqueue what is due, then exit (for cron)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        Scheduler(interval=max(options["interval"], 1.0)).run(
            run_due_now=options["run_due_now"], once=options["once"]
        )
