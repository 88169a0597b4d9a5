"""Build the demo: Saxony with 14 projects, 50 mentors and the programme's history."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from lotse.demo.catalogues import SEED
from lotse.demo.context import MissingReferenceData
from lotse.demo.loader import load_demo
from lotse.demo.management.commands.demo_logins import print_logins


class Command(BaseCommand):
    help = (
        "Replace the demo data (Saxony, October 2016 to today) with a freshly generated set. "
        "Needs the reference data: run import_reference first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Size relative to the real programme (1.0: about 1,300 current mentees).",
        )
        parser.add_argument("--seed", type=int, default=SEED, help="Random seed (fixed default).")
        parser.add_argument(
            "--demo-server",
            action="store_true",
            help="Run although DEBUG is off: this installation is a public demo, not production.",
        )

    def handle(self, *args: object, **options: object) -> None:
        if not (settings.DEBUG or settings.TESTING or options["demo_server"]):
            raise CommandError(
                "load_demo creates logins with a published password, an administrator among "
                "them. Run it only on a development or demo installation (DEBUG=1), or pass "
                "--demo-server if this installation is a public demo."
            )
        scale = float(options["scale"])
        if not 0 < scale <= 20:
            raise CommandError("--scale must be greater than 0 and at most 20.")
        verbose = int(options["verbosity"]) >= 1
        try:
            demo = load_demo(
                scale=scale,
                seed=int(options["seed"]),
                log=self.stdout.write if verbose else (lambda line: None),
            )
        except MissingReferenceData as error:
            raise CommandError(
                f"The reference data is missing ({error}). Import it first with "
                "`python manage.py import_reference`, then run load_demo again."
            ) from error
        if connection.vendor == "postgresql":
            # Planner statistics for the rows just loaded, as autovacuum would gather them
            # later (or never, where it is off): without them PostgreSQL plans the demo's
            # pages, and the benchmarks that use it, from default estimates.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if verbose:
            for name, number in demo.counts.items():
                self.stdout.write(f"  {name}: {number:,}")
            self.stdout.write("")
            print_logins(self.stdout)
