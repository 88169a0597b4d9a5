import time
from typing import Any

from django.utils.translation import gettext as _

from lotse.reference.management.commands._base import ImportCommand
from lotse.reference.services import import_reference


class Command(ImportCommand):
    help = (
        "Import all reference data in order (KldB, job titles, postcodes, countries and "
        "languages, residence rules) in one transaction."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        self.run_import(
            options,
            lambda: import_reference(directory=options["directory"], progress=self.progress),
        )
        self.stdout.write(
            _("Reference data imported in %(seconds).1f s.")
            % {"seconds": time.monotonic() - started}
        )
