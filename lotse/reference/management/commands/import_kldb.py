from typing import Any

from lotse.reference.management.commands._base import ImportCommand
from lotse.reference.services import import_kldb


class Command(ImportCommand):
    help = "Import the KldB 2010 (version 2020), all five levels, into Occupation."

    def handle(self, *args: Any, **options: Any) -> None:
        self.run_import(
            options, lambda: import_kldb(directory=options["directory"], progress=self.progress)
        )
