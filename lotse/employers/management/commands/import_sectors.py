from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.employers.sectors import DATA_FILE, load_sectors
from lotse.reference.importers.base import ReferenceImportError


class Command(BaseCommand):
    help = "Load the WZ 2008 sector catalogue (sections and divisions). Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DATA_FILE, help="Another sector file.")

    def handle(self, *args: object, **options: object) -> None:
        try:
            count = load_sectors(options["file"])
        except ReferenceImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{count} WZ 2008 sectors loaded."))
