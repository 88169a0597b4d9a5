"""Create the automatic reminders that are due: residence documents expiring within 4 weeks and
agreed steps due within a week; close reminders that no longer apply. Safe to run twice, also at
the same time; on SIGTERM it stops after the current chunk (every task is its own transaction).

Run it once a day, e.g. from cron: ``manage.py create_reminders``."""

import datetime
import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.journal.reminders import Stopped, reminders_create


class Command(BaseCommand):
    help = "Create reminders for expiring residence documents and agreed steps that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Pretend today is this date (YYYY-MM-DD); default: today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(str(options["date"]))
            except ValueError as error:
                raise CommandError(
                    f"--date must be YYYY-MM-DD, not {options['date']!r}."
                ) from error
        stop = {"requested": False}

        def request_stop(signum: int, frame: Any) -> None:
            stop["requested"] = True

        previous = signal.signal(signal.SIGTERM, request_stop)
        try:
            created = reminders_create(today=today, should_stop=lambda: stop["requested"])
        except Stopped as stopped:
            created = stopped.args[0]
            self.stderr.write("Stopped on SIGTERM; run again to finish.")
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write(
            f"Created {created['permit_expiry']} residence reminders, "
            f"{created['document_expiry']} document reminders and "
            f"{created['agreement_step']} agreed-step reminders; "
            f"closed {created['closed']} reminders that no longer apply."
        )
