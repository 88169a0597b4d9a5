"""Anonymise what the retention rules say is due (``lotse.privacy.retention``). Safe to run
twice and at any time; on SIGTERM (or Ctrl-C) it stops after the current mentee, and the next
run does the rest. Scheduled daily as the job ``apply_retention`` (``lotse/ops/schedule.py``).

``manage.py apply_retention --dry-run`` lists what is due without changing anything."""

import datetime
import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.lib.stopping import Stopped
from lotse.privacy.retention import Due, due, retention_apply


class Command(BaseCommand):
    help = "Anonymise the case files and free text that the retention rules say are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what is due only.")
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(str(options["date"]))
            except ValueError as error:
                raise CommandError(
                    f"--date must be YYYY-MM-DD, not {options['date']!r}."
                ) from error
        if options["dry_run"]:
            items = due(today)
            for item in items:
                self.stdout.write(
                    f"{item.due_on}  {item.rule.key:9}  {item.public_id}  project {item.project_id}"
                    + ("  (legal hold)" if item.held else "")
                )
            held = sum(item.held for item in items)
            self.stdout.write(f"{len(items) - held} due, {held} on legal hold. Nothing changed.")
            return
        stop = {"requested": False}

        def request_stop(signum: int, frame: Any) -> None:
            stop["requested"] = True

        def progress(n: int, total: int, item: Due) -> None:
            if n == total or n % 50 == 0:
                self.stdout.write(f"{n}/{total} done")

        previous = {s: signal.signal(s, request_stop) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            counts = retention_apply(
                today=today, should_stop=lambda: stop["requested"], progress=progress
            )
        except Stopped as stopped:
            counts = stopped.args[0]
            self.stderr.write("Stopped; run again to finish.")
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
        self.stdout.write(
            f"Anonymised {counts['case_file']} case files, removed the free text of "
            f"{counts['free_text']} mentees; {counts['held']} on legal hold."
        )
