"""Factories for applications, placements and the mentees and vacancies they need."""

import datetime

import factory

from lotse.cases.models import ConsentPurpose, MenteeStatus, Qualification, RecognitionResult
from lotse.cases.tests.factories import BareMenteeFactory, ConsentFactory
from lotse.employers.tests.factories import EmployerFactory, VacancyFactory, occupation
from lotse.placements.adequacy import PlacementType
from lotse.placements.models import Application, ApplicationStageChange, Placement
from lotse.placements.stages import Stage

__all__ = [
    "ApplicationFactory",
    "EmployerFactory",
    "MenteeFactory",
    "PlacementFactory",
    "QualificationFactory",
    "VacancyFactory",
    "occupation",
]


class MenteeFactory(BareMenteeFactory):
    """An active mentee who may be proposed: with the consent to pass the profile to employers
    (``proposal_consent=False`` leaves it out)."""

    class Meta:
        model = BareMenteeFactory._meta.model
        skip_postgeneration_save = True

    mentor = None
    status = MenteeStatus.ACTIVE
    last_name = factory.Sequence(lambda n: f"Muster{n}")

    @factory.post_generation
    def proposal_consent(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            ConsentFactory(mentee=obj, purpose=ConsentPurpose.EMPLOYER_PROPOSAL)


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    mentee = factory.SubFactory(MenteeFactory)
    title = "Koch"
    kind = 2
    recognition_result = RecognitionResult.FULL


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application in ``stage`` with its history row; dated 10 days ago by default."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    mentee = factory.SubFactory(MenteeFactory)
    vacancy = factory.SubFactory(
        VacancyFactory, employer__project=factory.SelfAttribute("...mentee.project")
    )
    stage = Stage.PROPOSED
    stage_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))

    @factory.post_generation
    def with_history(obj, create, extracted, **kwargs):
        if create:
            ApplicationStageChange.objects.create(
                application=obj,
                from_stage="",
                to_stage=obj.stage,
                on_date=obj.stage_date,
                reason="x"
                if obj.stage in (Stage.REJECTED, Stage.DECLINED, Stage.WITHDRAWN)
                else "",
            )


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    mentee = factory.SubFactory(MenteeFactory)
    project = factory.SelfAttribute("mentee.project")
    employer = factory.SubFactory(EmployerFactory, project=factory.SelfAttribute("..project"))
    placement_type = PlacementType.INSURED_FULL_TIME
    occupation = factory.LazyFunction(occupation)
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    hours_per_week = 39
    requirement_level = 2
    qualification_level = 2
    adequacy_computed = True
