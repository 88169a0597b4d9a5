"""Factories for reference data, for this app's tests and other apps' tests.

``OccupationFactory(code="82312")`` creates the 5-digit occupation with its parents
(8 → 82 → 823 → 8231), as the KldB import would. ``ResidenceTitleFactory(code="gestattung")``
creates a rule version; the real rules come from ``import_residence_rules``.
"""

import datetime

import factory

from lotse.reference.models import (
    Country,
    District,
    Language,
    Occupation,
    OccupationTitle,
    Postcode,
    ResidenceTitle,
    TitleState,
    WorkPermission,
)
from lotse.reference.text import search_text


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation
        django_get_or_create = ["code"]

    # 5 digits whose last one, the requirement level, is 1-4.
    code = factory.Sequence(lambda n: f"{1000 + n % 8000:04d}{n % 4 + 1}")
    level = factory.LazyAttribute(lambda o: len(o.code))
    title = factory.LazyAttribute(lambda o: f"Berufsgattung {o.code}")
    short_title = factory.LazyAttribute(lambda o: f"Beruf {o.code}")
    parent = factory.LazyAttribute(
        lambda o: OccupationFactory(code=o.code[:-1]) if len(o.code) > 1 else None
    )


class OccupationTitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OccupationTitle
        django_get_or_create = ["dkz_id"]

    dkz_id = factory.Sequence(lambda n: 900_000 + n)
    occupation = factory.SubFactory(OccupationFactory)
    ba_code = factory.LazyAttribute(lambda o: f"B {o.occupation.code}-{o.dkz_id % 1000:03d}")
    state = TitleState.CURRENT
    title = factory.Sequence(lambda n: f"Berufstitel {n}/in")
    title_male = ""
    title_female = ""
    search_text = factory.LazyAttribute(
        lambda o: search_text(o.title, o.title_male, o.title_female)
    )


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["ags"]

    ags = "14511"
    name = "Chemnitz, Stadt"
    state = "Sachsen"
    latitude = 50.83
    longitude = 12.92


class PostcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Postcode
        django_get_or_create = ["code", "place"]

    code = "09111"
    place = "Chemnitz"
    district = factory.SubFactory(DistrictFactory)
    latitude = 50.8357
    longitude = 12.9229


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["iso_code"]

    iso_code = "SY"
    name_de = "Syrien"
    name_en = "Syria"
    region = "middle_east"


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ["iso_code"]

    iso_code = "ar"
    name_de = "Arabisch"
    name_en = "Arabic"


class ResidenceTitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidenceTitle
        django_get_or_create = ["code", "valid_from"]

    code = "ae-25-2"
    name = "Aufenthaltserlaubnis § 25 Abs. 2"
    name_en = "Residence permit § 25 (2)"
    legal_basis = "§ 25 Abs. 2 AufenthG"
    work_permission = WorkPermission.ALLOWED
    valid_from = datetime.date(2005, 1, 1)
    is_verified = True
