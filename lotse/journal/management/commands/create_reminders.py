"""Create the automatic reminders that are due: residence documents expiring within 4 weeks and
agreed steps due within a week. Safe to run twice, also at the same time."""

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.journal.services import reminders_create


class Command(BaseCommand):
    help = "Create reminders for expiring residence documents and agreed steps that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Pretend today is this date (YYYY-MM-DD); default: today.",
        )

    def handle(self, *args: object, **options: object) -> None:
        today = None
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(str(options["date"]))
            except ValueError as error:
                raise CommandError(
                    f"--date must be YYYY-MM-DD, not {options['date']!r}."
                ) from error
        created = reminders_create(today=today)
        self.stdout.write(
            f"Created {created['permit_expiry']} residence reminders and "
            f"{created['agreement_step']} agreed-step reminders; "
            f"closed {created['closed']} reminders that no longer apply."
        )
