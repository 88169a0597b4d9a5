"""The application stages and the one table of the moves between them.

Rules (decided here, tested from this table in ``tests/test_stages.py``):

- The usual road is proposed → applied → interview → trial work / internship → offer →
  contract signed → started.
- Skipping forward is allowed where it happens in practice: an employer may invite a proposed
  mentee straight to an interview or to trial work (common for helper jobs); after an application
  the next step may be trial work or, for small employers, an offer; after an interview an offer or
  directly the contract; after trial work the offer or the contract.
- Never backwards. A wrong forward step is corrected by closing the application (withdrawn, with
  the reason) and, if needed, proposing the mentee again.
- Every open stage (proposed … contract signed) can end as rejected by the employer, declined by
  the mentee or withdrawn; these three need a reason.
- A closed application may be *reopened* once the reason is known to be wrong (for example the
  employer calls back). Reopening returns it to the stage it had when it was closed and needs a
  reason; it is allowed only while the mentee has no other active application for the vacancy.
- An interview and trial work may be recorded ahead with their planned date
  (``PLANNABLE_STAGES``, up to a year ahead); the next step may then be dated from today, before
  the planned day (an interview called off, an offer without one).
- A signed contract may carry its planned start (``Application.planned_start``, up to a year
  ahead); the start itself is recorded when it has happened, since it records the placement
  that the figures count. Until then the mentor has a task on the planned day.
- "started" is final: from then on the placement carries the story (follow-ups, end date).
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPLIED = "applied", _("applied")
    INTERVIEW = "interview", _("interview")
    TRIAL = "trial", _("trial work / internship")
    OFFER = "offer", _("offer")
    CONTRACT = "contract", _("contract signed")
    STARTED = "started", _("started")
    REJECTED = "rejected", _("rejected by the employer")
    DECLINED = "declined", _("declined by the mentee")
    WITHDRAWN = "withdrawn", _("withdrawn")


#: Stages in which the application is still moving.
OPEN_STAGES: tuple[Stage, ...] = (
    Stage.PROPOSED,
    Stage.APPLIED,
    Stage.INTERVIEW,
    Stage.TRIAL,
    Stage.OFFER,
    Stage.CONTRACT,
)
#: Stages that end an application without a placement.
CLOSED_STAGES: tuple[Stage, ...] = (Stage.REJECTED, Stage.DECLINED, Stage.WITHDRAWN)
#: The stages shown as columns on the board, in order.
BOARD_STAGES: tuple[Stage, ...] = (*OPEN_STAGES, Stage.STARTED)

_CLOSE = frozenset(CLOSED_STAGES)


def tone(stage: str) -> str:
    """The badge tone of a stage: ``ok`` for a start, ``danger`` for a closed application."""
    if stage == Stage.STARTED:
        return "ok"
    return "danger" if stage in _CLOSE else ""


#: The allowed moves: from a stage to the stages it may go to next. The one place these live.
TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    Stage.PROPOSED: frozenset({Stage.APPLIED, Stage.INTERVIEW, Stage.TRIAL}) | _CLOSE,
    Stage.APPLIED: frozenset({Stage.INTERVIEW, Stage.TRIAL, Stage.OFFER}) | _CLOSE,
    Stage.INTERVIEW: frozenset({Stage.TRIAL, Stage.OFFER, Stage.CONTRACT}) | _CLOSE,
    Stage.TRIAL: frozenset({Stage.OFFER, Stage.CONTRACT}) | _CLOSE,
    Stage.OFFER: frozenset({Stage.CONTRACT}) | _CLOSE,
    Stage.CONTRACT: frozenset({Stage.STARTED}) | _CLOSE,
    Stage.STARTED: frozenset(),
    Stage.REJECTED: frozenset(),
    Stage.DECLINED: frozenset(),
    Stage.WITHDRAWN: frozenset(),
}

#: Stages that are agreed for a later day and may be recorded ahead with their planned date: an
#: interview next week, trial work from Monday. Every other step is recorded once it has
#: happened; a start is recorded when it has happened, since it records the placement that the
#: figures count (until then the application stays at "contract signed").
PLANNABLE_STAGES: frozenset[Stage] = frozenset({Stage.INTERVIEW, Stage.TRIAL})
#: How far ahead a planned step may lie.
PLANNING_HORIZON = datetime.timedelta(days=366)

#: Moves that must give a reason.
REASON_REQUIRED: frozenset[Stage] = _CLOSE


def allowed_next(stage: str) -> list[Stage]:
    """The stages ``stage`` may move to, forward stages first, in the order of the road."""
    allowed = TRANSITIONS[Stage(stage)]
    return [s for s in Stage if s in allowed]


def forward_next(stage: str) -> list[Stage]:
    """Allowed moves that carry the application forward (not closing it)."""
    return [s for s in allowed_next(stage) if s not in _CLOSE]


def closing_next(stage: str) -> list[Stage]:
    return [s for s in allowed_next(stage) if s in _CLOSE]


def is_allowed(from_stage: str, to_stage: str) -> bool:
    return Stage(to_stage) in TRANSITIONS[Stage(from_stage)]


def is_open(stage: str) -> bool:
    return Stage(stage) in OPEN_STAGES


def is_closed(stage: str) -> bool:
    return Stage(stage) in CLOSED_STAGES


def needs_reason(to_stage: str) -> bool:
    return Stage(to_stage) in REASON_REQUIRED
