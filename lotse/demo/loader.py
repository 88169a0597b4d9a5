"""``load_demo``: builds Saxony with the programme's history, from October 2016 to today.

The steps run in one transaction, so a failed run leaves the previous demo data as it was.
Demo data is inserted in bulk without per-row audit rows: it is not anybody's activity.
"""

import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from lotse.demo.catalogues import PROJECTS, SEED
from lotse.demo.context import Demo, Reference
from lotse.demo.esf import build_esf_records
from lotse.demo.events import build_events
from lotse.demo.history import plan_history
from lotse.demo.journal import build_journals
from lotse.demo.organisation import build_organisation
from lotse.demo.people import build_people
from lotse.demo.purge import purge_projects

if TYPE_CHECKING:
    from lotse.demo.employers import Employers


def load_demo(
    *, scale: float = 1.0, seed: int = SEED, log: Callable[[str], None] = lambda line: None
) -> Demo:
    """Replace the demo data with a freshly generated one; returns the run's counts."""
    started = time.monotonic()

    def step(name: str) -> None:
        log(f"{time.monotonic() - started:6.1f} s  {name}")

    ref = Reference.load()
    demo = Demo(rng=random.Random(seed), scale=scale, today=timezone.localdate(), ref=ref)
    with transaction.atomic():
        step("organisations, projects and users")
        build_organisation(demo)
        step("removing the previous demo data")
        purge_projects(demo.projects)
        step("planning the history since October 2016")
        plans = plan_history(demo.rng, scale, demo.today, [spec.mentors for spec in PROJECTS])
        step("mentees and case files")
        people = build_people(demo, plans)
        step("journals")
        build_journals(demo, people)
        step("ESF Plus indicators")
        build_esf_records(demo, people)
        employers = _build_employment(demo, people, step)
        step("group events and invitations")
        build_events(demo, people, employers)
        demo.db.finish()
    step("done")
    demo.counts["seconds"] = round(time.monotonic() - started, 1)
    return demo


def _build_employment(demo: Demo, people: list, step: Callable[[str], None]) -> "Employers":
    """Employers, vacancies, applications and placements (see employers.py, placements.py)."""
    from lotse.demo.employers import build_employers
    from lotse.demo.placements import build_placements

    step("employers, services and vacancies")
    employers = build_employers(demo, people)
    step("applications, placements and follow-ups")
    build_placements(demo, people, employers)
    return employers
