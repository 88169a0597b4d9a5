"""The shared frame of the reference import commands: progress to stdout, a summary at the
end, and a ``CommandError`` (exit status 1, nothing written) for a missing or damaged file."""

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lotse.reference.importers.base import ImportResult, ReferenceImportError


class ImportCommand(BaseCommand):
    takes_directory = True

    def add_arguments(self, parser: CommandParser) -> None:
        if self.takes_directory:
            parser.add_argument(
                "--directory",
                type=Path,
                default=None,
                help="Folder with the reference files (default: settings.LOTSE_REFERENCE_DIR).",
            )

    def progress(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(message)

    def run_import(
        self, options: dict[str, Any], run: Callable[[], ImportResult | Iterable[ImportResult]]
    ) -> None:
        self.verbosity = options.get("verbosity", 1)
        started = time.monotonic()
        try:
            outcome = run()
        except ReferenceImportError as exc:
            raise CommandError(f"{exc}") from exc
        results = [outcome] if isinstance(outcome, ImportResult) else list(outcome)
        for result in results:
            self.stdout.write(self.style.SUCCESS(result.summary()))
            for detail in result.details:
                self.stdout.write(self.style.WARNING(f"  {detail}"))
        self.progress(_("Done in %(seconds).1f s.") % {"seconds": time.monotonic() - started})
