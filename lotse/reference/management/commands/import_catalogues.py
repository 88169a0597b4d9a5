from typing import Any

from lotse.reference.management.commands._base import ImportCommand
from lotse.reference.services import import_catalogues


class Command(ImportCommand):
    help = "Import countries (ISO 3166, with region of origin) and languages (ISO 639)."
    takes_directory = False

    def handle(self, *args: Any, **options: Any) -> None:
        self.run_import(options, lambda: import_catalogues(progress=self.progress))
