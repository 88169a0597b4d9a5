from typing import Any

from lotse.reference.management.commands._base import ImportCommand
from lotse.reference.services import import_job_titles


class Command(ImportCommand):
    help = (
        "Import the BA's Gesamtberufsliste (job titles with DKZ id and KldB code); "
        "run import_kldb first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.run_import(
            options,
            lambda: import_job_titles(directory=options["directory"], progress=self.progress),
        )
