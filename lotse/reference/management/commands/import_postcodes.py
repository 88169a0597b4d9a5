from typing import Any

from lotse.reference.management.commands._base import ImportCommand
from lotse.reference.services import import_postcodes


class Command(ImportCommand):
    help = (
        "Import German postcodes with place, district (AGS) and coordinates from GeoNames DE.txt."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.run_import(
            options,
            lambda: import_postcodes(directory=options["directory"], progress=self.progress),
        )
