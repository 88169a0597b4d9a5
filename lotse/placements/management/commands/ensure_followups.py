"""Create the missing follow-ups (3, 6 and 12 months) and their tasks for running placements.

Placements recorded through the services have them already; this is for placements loaded by
an import or the demo data. Safe to run twice: existing follow-ups and tasks are kept.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import translation

from lotse.placements.models import FOLLOW_UP_MONTHS, Placement
from lotse.placements.services import placement_ensure_followups


class Command(BaseCommand):
    help = "Create missing follow-ups and follow-up tasks for running placements."

    def handle(self, *args: Any, **options: Any) -> None:
        placements = (
            Placement.objects.filter(end_date__isnull=True)
            .annotate(n=Count("followups"))
            .filter(n__lt=len(FOLLOW_UP_MONTHS))
            .select_related("mentee", "mentee__mentor", "employer")
            .order_by("pk")
        )
        done = 0
        with translation.override(settings.LANGUAGE_CODE):  # the task titles
            for placement in placements.iterator(chunk_size=500):
                placement_ensure_followups(actor=None, placement=placement)
                done += 1
        self.stdout.write(f"Follow-ups completed for {done} placements.")
