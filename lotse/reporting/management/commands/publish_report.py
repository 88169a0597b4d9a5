"""Compute the coordinator's published set now (every grid period, suppressed together), so
that no coordinator waits for it; run it after imports or hourly from the scheduler."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lotse.reporting import published


class Command(BaseCommand):
    help = "Compute the coordinator's published report figures (all grid periods) now."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        stamp = published.refresh()
        self.stdout.write(
            _("Published figures computed in %(seconds).1f s (data state %(stamp)s).")
            % {"seconds": time.perf_counter() - started, "stamp": stamp[:8]}
        )
        counts = published.stored_summary() or {}
        self.stdout.write(
            _(
                "%(cells)s cells: %(primary)s small counts (< 5), %(secondary)s withheld to "
                "protect them (×); %(programs)s linear programs of the attack audit."
            )
            % {key: counts.get(key, 0) for key in ("cells", "primary", "secondary", "programs")}
        )
