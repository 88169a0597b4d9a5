from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from lotse.reference.management.commands._base import ImportCommand
from lotse.reference.services import import_residence_rules


class Command(ImportCommand):
    help = (
        "Import the versioned residence-title rules from lotse/reference/data/"
        "residence_titles.json. Rules edited in the admin are kept unless --overwrite is given."
    )
    takes_directory = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=None, help="Another rules file.")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace rules that differ from the file (e.g. after edits in the admin).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.run_import(
            options,
            lambda: import_residence_rules(
                path=options["file"], overwrite=options["overwrite"], progress=self.progress
            ),
        )
