from typing import Any

from django.core.management.base import CommandParser

from lotse.reference.importers.postcodes import POSTCODES_MINIMUM
from lotse.reference.management.commands._base import ImportCommand
from lotse.reference.services import import_postcodes


class Command(ImportCommand):
    help = (
        "Import German postcodes with place, district (AGS) and coordinates from GeoNames DE.txt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--minimum-rows",
            type=int,
            default=POSTCODES_MINIMUM,
            help="Fewer postcodes than this are taken for a truncated file (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.run_import(
            options,
            lambda: import_postcodes(
                directory=options["directory"],
                minimum_rows=options["minimum_rows"],
                progress=self.progress,
            ),
        )
