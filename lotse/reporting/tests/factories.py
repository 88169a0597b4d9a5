"""Factories for the reporting tests: mentees with their stays, placements with follow-ups,
employers with services. Built on the employers app's factories."""

import datetime

import factory

from lotse.cases.models import Participation
from lotse.cases.tests.factories import BareMenteeFactory
from lotse.employers.models import EmployerService, ServiceKind, ServiceTarget
from lotse.employers.tests.factories import DistrictFactory, EmployerFactory, occupation
from lotse.placements.models import FollowUp, Placement, PlacementType
from lotse.reference.models import Country
from lotse.reporting.models import EsfRecord, FundingPeriod

__all__ = [
    "CountryFactory",
    "DistrictFactory",
    "EmployerFactory",
    "EmployerServiceFactory",
    "EsfRecordFactory",
    "FollowUpFactory",
    "FundingPeriodFactory",
    "MenteeFactory",
    "ParticipationFactory",
    "PlacementFactory",
]


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["iso_code"]

    iso_code = "SY"
    name_de = "Syrien"
    name_en = "Syria"
    region = "middle_east"


class MenteeFactory(BareMenteeFactory):
    last_name = factory.Sequence(lambda n: f"Muster{n}")


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    mentee = factory.SubFactory(MenteeFactory)
    project = factory.SelfAttribute("mentee.project")
    entry_date = datetime.date(2021, 1, 1)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    mentee = factory.SubFactory(MenteeFactory)
    project = factory.SelfAttribute("mentee.project")
    employer = factory.SubFactory(EmployerFactory, project=factory.SelfAttribute("..project"))
    placement_type = PlacementType.INSURED_FULL_TIME
    occupation = factory.LazyFunction(occupation)
    start_date = datetime.date(2021, 6, 1)
    hours_per_week = 39
    requirement_level = 2
    qualification_level = 2
    adequacy_computed = True


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    placement = factory.SubFactory(PlacementFactory)
    months = 6
    due_on = factory.LazyAttribute(lambda o: o.placement.start_date + datetime.timedelta(days=182))
    answered_on = factory.LazyAttribute(lambda o: o.due_on if o.still_employed else None)
    still_employed = "yes"


class EmployerServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerService

    employer = factory.SubFactory(EmployerFactory)
    date = datetime.date(2021, 3, 3)
    kind = ServiceKind.ADVICE
    duration_minutes = 60
    target = ServiceTarget.COMPANY


class FundingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingPeriod
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Phase {n}")
    start = datetime.date(2021, 1, 1)
    end = datetime.date(2021, 12, 31)


class EsfRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EsfRecord

    participation = factory.SubFactory(ParticipationFactory)
