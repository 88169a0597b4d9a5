"""Factories for employers and vacancies (and the few reference rows they need)."""

import datetime

import factory

from lotse.accounts.tests.factories import ProjectFactory, UserFactory
from lotse.cases.tests.factories import BareMenteeFactory
from lotse.employers.models import (
    Employer,
    EmployerContact,
    EmployerService,
    Sector,
    SectorLevel,
    ServiceKind,
    ServiceTarget,
    SizeClass,
    Vacancy,
    VacancyKind,
)
from lotse.reference.models import Occupation
from lotse.reference.tests.factories import DistrictFactory, OccupationFactory, PostcodeFactory  # noqa: F401


def occupation(
    code: str = "29302", title: str = "Köche/Köchinnen - fachlich ausgerichtete Tätigkeiten"
) -> Occupation:
    """A five-digit KldB occupation with its parents (levels 1–4), created if missing."""
    return OccupationFactory(code=code, title=title)


class SectorSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["code"]

    code = "I"
    level = SectorLevel.SECTION
    name_de = "Gastgewerbe"
    name_en = "Accommodation and food service activities"


class SectorFactory(factory.django.DjangoModelFactory):
    """A WZ 2008 division."""

    class Meta:
        model = Sector
        django_get_or_create = ["code"]

    code = "56"
    level = SectorLevel.DIVISION
    name_de = "Gastronomie"
    name_en = "Food and beverage service activities"
    parent = factory.SubFactory(SectorSectionFactory)


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Betrieb {n} GmbH")
    sector = factory.SubFactory(SectorFactory)
    size_class = SizeClass.SMALL
    street = "Straße der Nationen 1"
    postcode = "09111"
    place = factory.SubFactory(PostcodeFactory)
    district = factory.SelfAttribute("place.district")
    latitude = factory.SelfAttribute("place.latitude")
    longitude = factory.SelfAttribute("place.longitude")


class EmployerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerContact

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Faker("name", locale="de_DE")
    role = "Personalleitung"
    phone = "0371 123456"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    consent_given_on = datetime.date(2026, 1, 15)


class MenteeFactory(BareMenteeFactory):
    """A minimal mentee, for services aimed at a person."""


class EmployerServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerService

    employer = factory.SubFactory(EmployerFactory)
    date = datetime.date(2026, 3, 2)
    kind = ServiceKind.ACQUISITION
    duration_minutes = 60
    target = ServiceTarget.COMPANY
    mentee = None
    author = factory.SubFactory(UserFactory)


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    kind = VacancyKind.JOB
    title = factory.Sequence(lambda n: f"Koch/Köchin {n}")
    occupation = factory.LazyFunction(occupation)
    requirement_level = factory.LazyAttribute(lambda o: int(o.occupation.code[4]))
    workplace_postcode = "09111"
    workplace_place = factory.SubFactory(PostcodeFactory)
    district = factory.SelfAttribute("workplace_place.district")
    latitude = factory.SelfAttribute("workplace_place.latitude")
    longitude = factory.SelfAttribute("workplace_place.longitude")
    german_level = "B1"
    hours_per_week = 39
