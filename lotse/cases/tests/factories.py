import datetime

import factory

from lotse.accounts.tests.factories import ProjectFactory
from lotse.cases.models import (
    Agency,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    ExternalReference,
    LanguageSkill,
    Mentee,
    Participation,
    Qualification,
    QualificationKind,
    ResidenceStatus,
    TargetOccupation,
    WorkExperience,
)
from lotse.reference.models import (
    Language,
    Occupation,
    ResidenceTitle,
    WorkPermission,
)
from lotse.reference.tests.factories import (  # noqa: F401 - re-exported for the cases tests
    CountryFactory,
    DistrictFactory,
    OccupationFactory,
    PostcodeFactory,
)


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ["iso_code"]

    iso_code = "de"
    name_de = "Deutsch"
    name_en = "German"


def occupation(code: str = "81302", title: str = "Gesundheits- und Krankenpflege") -> Occupation:
    """A 5-digit occupation with its four parents."""
    return OccupationFactory(code=code, title=title)


class ResidenceTitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidenceTitle
        django_get_or_create = ["code", "valid_from"]

    code = "ae-25-2"
    name = "Aufenthaltserlaubnis § 25 Abs. 2 AufenthG"
    legal_basis = "§ 25 Abs. 2 AufenthG"
    work_permission = WorkPermission.ALLOWED
    hint = "Beschäftigung gestattet."
    valid_from = datetime.date(2020, 3, 1)


class BareMenteeFactory(factory.django.DjangoModelFactory):
    """A mentee and nothing else: no birth date, no participation. The other apps' tests build
    on it and add what their scenarios need."""

    class Meta:
        model = Mentee

    project = factory.SubFactory(ProjectFactory)
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")


class MenteeFactory(BareMenteeFactory):
    """A mentee with a birth date and an open participation in their project."""

    class Meta:
        model = Mentee
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    birth_date = datetime.date(1990, 5, 17)

    @factory.post_generation
    def participation(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            Participation.objects.create(
                mentee=obj,
                project=obj.project,
                mentor=obj.mentor,
                entry_date=kwargs.get("entry_date", datetime.date(2025, 1, 15)),
            )


class LanguageSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LanguageSkill

    mentee = factory.SubFactory(MenteeFactory)
    language = factory.SubFactory(LanguageFactory)
    level = "B1"


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    mentee = factory.SubFactory(MenteeFactory)
    title = "Krankenpflegerin"
    kind = QualificationKind.VOCATIONAL
    country = factory.SubFactory(CountryFactory)


class WorkExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkExperience

    mentee = factory.SubFactory(MenteeFactory)
    occupation = factory.LazyFunction(occupation)
    years = 3


class TargetOccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetOccupation

    mentee = factory.SubFactory(MenteeFactory)
    occupation = factory.LazyFunction(occupation)


class ResidenceStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidenceStatus

    mentee = factory.SubFactory(MenteeFactory)
    title = factory.SubFactory(ResidenceTitleFactory)
    valid_from = datetime.date(2024, 1, 1)
    valid_until = datetime.date(2027, 1, 1)
    identity_clarified = True


class ExternalReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalReference

    mentee = factory.SubFactory(MenteeFactory)
    agency = Agency.JOBCENTER
    reference = factory.Sequence(lambda n: f"JC-{n:06d}")


def _seeded_consent_text(purpose: str):
    from lotse.privacy.models import ConsentText

    return ConsentText.objects.filter(purpose=purpose, language="de").order_by("valid_from").first()


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    mentee = factory.SubFactory(MenteeFactory)
    purpose = ConsentPurpose.CASE_MANAGEMENT
    #: The seeded German text of the purpose (none after a flush: then only version, language).
    consent_text = factory.LazyAttribute(lambda o: _seeded_consent_text(o.purpose))
    text_version = "v1"
    language = "Deutsch"
    given_on = datetime.date(2025, 1, 15)
    method = ConsentMethod.WRITTEN
