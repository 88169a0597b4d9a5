"""Completing the follow-ups of running placements in bulk (the nightly job and the
``ensure_followups`` command): placements recorded through the services have them already; this
is for placements loaded by an import or the demo data."""

from collections.abc import Callable

from django.db.models import Count

from lotse.lib.stopping import Stopped
from lotse.placements.models import FOLLOW_UP_MONTHS, Placement
from lotse.placements.services import placement_ensure_followups

CHUNK = 500


def followups_complete(*, should_stop: Callable[[], bool] = lambda: False) -> int:
    """Create the missing follow-ups and their tasks for every running placement; return how
    many placements were completed. Safe to run twice (existing follow-ups and tasks are kept);
    ``should_stop`` is asked every 500 placements and, when it answers yes, the run ends with
    :class:`~lotse.lib.stopping.Stopped` (what is written stays)."""
    placements = (
        Placement.objects.filter(end_date__isnull=True, mentee__erased_at__isnull=True)
        .annotate(n=Count("followups"))
        .filter(n__lt=len(FOLLOW_UP_MONTHS))
        .select_related("mentee", "mentee__mentor", "employer")
        .order_by("pk")
    )
    done = 0
    # The task titles are written in each mentor's language (lotse.journal.automatic).
    for placement in placements.iterator(chunk_size=CHUNK):
        if done % CHUNK == 0 and should_stop():
            raise Stopped({"placements": done})
        placement_ensure_followups(actor=None, placement=placement)
        done += 1
    return done
