"""Factories for the matching tests: the case-file and vacancy factories of the owning apps, and
a few helpers that build a realistic mentee in one call."""

import datetime

from lotse.cases.models import ConsentPurpose, QualificationKind, RecognitionResult
from lotse.cases.tests.factories import (
    ConsentFactory,
    LanguageSkillFactory,
    MenteeFactory,
    QualificationFactory,
    ResidenceStatusFactory,
    ResidenceTitleFactory,
    TargetOccupationFactory,
    WorkExperienceFactory,
)
from lotse.employers.tests.factories import (
    EmployerFactory,
    PostcodeFactory,
    VacancyFactory,
    occupation,
)
from lotse.reference.models import WorkPermission

__all__ = [
    "EmployerFactory",
    "LanguageSkillFactory",
    "MenteeFactory",
    "PostcodeFactory",
    "QualificationFactory",
    "ResidenceStatusFactory",
    "ResidenceTitleFactory",
    "TargetOccupationFactory",
    "VacancyFactory",
    "WorkExperienceFactory",
    "occupation",
    "welder",
]

CHEMNITZ = {"code": "09111", "place": "Chemnitz", "latitude": 50.8322, "longitude": 12.9252}
LEIPZIG = {"code": "04109", "place": "Leipzig", "latitude": 51.3397, "longitude": 12.3731}


def place(where: dict):
    return PostcodeFactory(**where)


def welder(
    project, mentor=None, *, permission=WorkPermission.ALLOWED, proposal_consent=True, **kwargs
):
    """A trained welder (recognised vocational qualification) with German B1 in Chemnitz, who
    consented to passing the profile to employers unless ``proposal_consent=False``."""
    mentee = MenteeFactory(
        project=project,
        mentor=mentor,
        place=place(CHEMNITZ),
        commute_limit_km=25,
        first_name=kwargs.pop("first_name", "Samir"),
        last_name=kwargs.pop("last_name", "Haddad"),
        **kwargs,
    )
    TargetOccupationFactory(mentee=mentee, occupation=occupation("24422", "Schweißtechnik"))
    QualificationFactory(
        mentee=mentee,
        title="Schweißer",
        kind=QualificationKind.VOCATIONAL,
        recognition_result=RecognitionResult.FULL,
        reference_occupation=occupation("24422", "Schweißtechnik"),
    )
    LanguageSkillFactory(mentee=mentee, level="B1")
    title = ResidenceTitleFactory(
        code=f"test-{permission}", work_permission=permission, valid_from=datetime.date(2020, 1, 1)
    )
    ResidenceStatusFactory(
        mentee=mentee,
        title=title,
        valid_from=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2099, 1, 1),
    )
    if proposal_consent:
        ConsentFactory(mentee=mentee, purpose=ConsentPurpose.EMPLOYER_PROPOSAL)
    return mentee


def job(project, code="24422", title="Schweißer/in", where=CHEMNITZ, **kwargs):
    return VacancyFactory(
        employer__project=project,
        occupation=occupation(code, title),
        title=title,
        workplace_place=place(where),
        **kwargs,
    )
