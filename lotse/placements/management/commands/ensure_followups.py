"""Create the missing follow-ups (3, 6 and 12 months) and their tasks for running placements.

Placements recorded through the services have them already; this is for placements loaded by
an import or the demo data. Safe to run twice: existing follow-ups and tasks are kept. The
scheduler runs it nightly (``lotse/ops/schedule.py``).
"""

from typing import Any

from django.core.management.base import BaseCommand

from lotse.placements.followups import followups_complete


class Command(BaseCommand):
    help = "Create missing follow-ups and follow-up tasks for running placements."

    def handle(self, *args: Any, **options: Any) -> None:
        done = followups_complete()
        self.stdout.write(f"Follow-ups completed for {done} placements.")
