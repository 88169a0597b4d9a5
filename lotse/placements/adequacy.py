"""Qualification adequacy (*Qualifikationsadäquanz*) of a placement, as in domain.md.

A job is adequate when its requirement level (the 5th KldB digit, or the vacancy's level set by
hand) is at least the level of the mentee's recognised qualification: none → 1, vocational → 2,
master craftsman / technician / bachelor → 3, master's → 4.

Which placements are judged: only jobs with social insurance (full-time or part-time). The
programme's aim is "qualification-adequate, insured employment"; the other types are not judged
and get ``adequate = None`` with a sentence saying why:

- a mini-job is not insured employment;
- self-employment has no requirement level set by an employer;
- an apprenticeship, an entry qualification (EQ) / internship and a qualification leading to a
  degree are training towards a qualification, not the use of one.

The mentor may override the computed value with a reason (only for judged types); the placement
keeps both, and reports show both.
"""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import QualificationKind
from lotse.cases.selectors import qualification_level
from lotse.reference.models import RequirementLevel


class PlacementType(models.TextChoices):
    INSURED_FULL_TIME = "insured_full", _("job with social insurance, full-time")
    INSURED_PART_TIME = "insured_part", _("job with social insurance, part-time")
    MINI_JOB = "mini_job", _("mini-job")
    SELF_EMPLOYED = "self_employed", _("self-employment")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship")
    EQ = "eq", _("entry qualification (EQ) or internship")
    QUALIFICATION = "qualification", _("qualification leading to a degree")


JUDGED_TYPES: frozenset[str] = frozenset(
    {PlacementType.INSURED_FULL_TIME, PlacementType.INSURED_PART_TIME}
)

_NOT_JUDGED_REASONS: dict[str, Promise] = {
    PlacementType.MINI_JOB: _(
        "A mini-job is not employment with social insurance, so it is not judged for adequacy."
    ),
    PlacementType.SELF_EMPLOYED: _(
        "Self-employment has no requirement level set by an employer, so it is not judged for "
        "adequacy."
    ),
    PlacementType.APPRENTICESHIP: _(
        "An apprenticeship leads to a qualification, so it is not judged for adequacy."
    ),
    PlacementType.EQ: _(
        "An entry qualification or internship prepares for an apprenticeship, so it is not "
        "judged for adequacy."
    ),
    PlacementType.QUALIFICATION: _(
        "A qualification leading to a degree is training, not a job, so it is not judged for "
        "adequacy."
    ),
}

_UNKNOWN_LEVEL = _(
    "The requirement level of the occupation is not known (a five-digit KldB code is needed), "
    "so adequacy cannot be computed."
)
_NO_QUALIFICATION = _(
    "The mentee has no recognised vocational qualification, so a job with requirement level "
    "%(req)d (%(req_label)s) counts as adequate."
)
_EQUAL = _(
    "Requirement level %(req)d (%(req_label)s) matches the mentee's recognised qualification "
    "(%(qual_label)s)."
)
_ABOVE = _(
    "Requirement level %(req)d (%(req_label)s) is above the level of the mentee's recognised "
    "qualification (%(qual_label)s)."
)
_BELOW = _(
    "Requirement level %(req)d (%(req_label)s) is below the level of the mentee's recognised "
    "qualification (%(qual_label)s), so the job does not match the qualification."
)


@dataclass(frozen=True)
class Adequacy:
    """The computed judgement with the sentence that explains it."""

    judged: bool
    adequate: bool | None
    requirement_level: int | None
    qualification_level: int
    placement_type: str

    @property
    def reason(self) -> str:
        return explain(
            placement_type=self.placement_type,
            requirement_level=self.requirement_level,
            qualification_level=self.qualification_level,
        )


#: The BA's short names of the requirement levels, as used in the reason sentences.
REQUIREMENT_SHORT_LABELS: dict[int, Promise] = {
    RequirementLevel.HELPER: _("helper"),
    RequirementLevel.SKILLED: _("skilled worker"),
    RequirementLevel.SPECIALIST: _("specialist"),
    RequirementLevel.EXPERT: _("expert"),
}


def _labels(requirement_level: int, qualification_level: int) -> dict[str, Any]:
    return {
        "req": requirement_level,
        "req_label": REQUIREMENT_SHORT_LABELS[requirement_level],
        "qual_label": QualificationKind(qualification_level).label,
    }


def assess(
    *, placement_type: str, requirement_level: int | None, qualification_level: int
) -> Adequacy:
    """Judge one placement. ``qualification_level`` is 1–4 (see the module docstring)."""
    if not 1 <= qualification_level <= 4:
        raise ValueError(f"qualification level must be 1 to 4, not {qualification_level!r}")
    if requirement_level is not None and not 1 <= requirement_level <= 4:
        raise ValueError(f"requirement level must be 1 to 4, not {requirement_level!r}")
    judged = placement_type in JUDGED_TYPES
    adequate = None
    if judged and requirement_level is not None:
        adequate = requirement_level >= qualification_level
    return Adequacy(
        judged=judged,
        adequate=adequate,
        requirement_level=requirement_level,
        qualification_level=qualification_level,
        placement_type=placement_type,
    )


def explain(*, placement_type: str, requirement_level: int | None, qualification_level: int) -> str:
    """The sentence a mentor reads next to the computed value, in the active language."""
    if placement_type not in JUDGED_TYPES:
        return str(_NOT_JUDGED_REASONS[placement_type])
    if requirement_level is None:
        return str(_UNKNOWN_LEVEL)
    values = _labels(requirement_level, qualification_level)
    if qualification_level == QualificationKind.NONE:
        return _NO_QUALIFICATION % values
    if requirement_level == qualification_level:
        return _EQUAL % values
    if requirement_level > qualification_level:
        return _ABOVE % values
    return _BELOW % values


def effective(computed: bool | None, override: bool | None) -> bool | None:
    """What counts: the mentor's override if there is one, else the computed value."""
    return override if override is not None else computed


def qualification_level_of(mentee: Any) -> int:
    """The mentee's qualification level (1–4) for adequacy.

    The highest level of a qualification whose recognition counts (``cases.selectors``)."""
    return int(qualification_level(mentee))
