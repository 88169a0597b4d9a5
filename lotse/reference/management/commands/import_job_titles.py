from typing import Any

from django.core.management.base import CommandParser

from lotse.reference.importers.job_titles import TITLES_MINIMUM
from lotse.reference.management.commands._base import ImportCommand
from lotse.reference.services import import_job_titles


class Command(ImportCommand):
    help = (
        "Import the BA's Gesamtberufsliste (job titles with DKZ id and KldB code); "
        "run import_kldb first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--minimum-rows",
            type=int,
            default=TITLES_MINIMUM,
            help="Fewer titles than this are taken for a truncated file (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.run_import(
            options,
            lambda: import_job_titles(
                directory=options["directory"],
                minimum_rows=options["minimum_rows"],
                progress=self.progress,
            ),
        )
