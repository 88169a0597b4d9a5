from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from lotse.reference.importers.kldb import KLDB_LEVEL_COUNTS
from lotse.reference.management.commands._base import ImportCommand
from lotse.reference.services import import_kldb


def level_counts(text: str) -> tuple[int, ...] | None:
    if text.strip().lower() == "none":
        return None
    try:
        counts = tuple(int(part) for part in text.split(","))
    except ValueError:
        counts = ()
    if len(counts) != 5:
        raise CommandError(
            _("--expected-counts needs five numbers separated by commas or 'none', not %(text)s.")
            % {"text": repr(text)}
        )
    return counts


class Command(ImportCommand):
    help = "Import the KldB 2010 (version 2020), all five levels, into Occupation."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--expected-counts",
            default=",".join(str(c) for c in KLDB_LEVEL_COUNTS),
            help=(
                "Positions per level 1-5 the file must have, against truncated files "
                "(default: %(default)s, KldB 2010 V2020); 'none' for another version."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expected = level_counts(options["expected_counts"])
        self.run_import(
            options,
            lambda: import_kldb(
                directory=options["directory"], expected_counts=expected, progress=self.progress
            ),
        )
