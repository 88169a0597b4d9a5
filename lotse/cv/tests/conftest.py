import datetime

import pytest

from lotse.cases.models import ConsentPurpose, DrivingLicence, RecognitionResult


@pytest.fixture(autouse=True)
def documents_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }
    return tmp_path / "documents"


@pytest.fixture
def mentee(project_a, alice):
    """A mentee with a full profile: every part of the CV has something to show."""
    from lotse.cases.tests import factories as f
    from lotse.journal.tests.factories import CourseFactory
    from lotse.reference.tests.factories import CountryFactory

    syria = CountryFactory()
    germany = CountryFactory(iso_code="DE", name_de="Deutschland", name_en="Germany")
    mentee = f.MenteeFactory(
        project=project_a,
        mentor=alice,
        first_name="Amina",
        last_name="Haddad",
        birth_date=datetime.date(1991, 4, 3),
        phone="+4937112345678",
        email="amina.haddad@example.org",
        street="Straße der Nationen 12",
        postcode="09111",
        place=f.PostcodeFactory(),
        nationality=syria,
        school_years=12,
        isced_level=3,
        driving_licence=DrivingLicence.B,
    )
    f.WorkExperienceFactory(
        mentee=mentee,
        occupation=f.occupation(),
        description="Stationspflege",
        employer="Al-Assad-Klinik",
        country=syria,
        started_on=datetime.date(2014, 3, 1),
        ended_on=datetime.date(2019, 8, 31),
    )
    f.WorkExperienceFactory(
        mentee=mentee,
        occupation=f.occupation("81313", "Fachkrankenpflege"),
        employer="Klinikum Chemnitz",
        country=germany,
        started_on=datetime.date(2023, 9, 1),
        ended_on=None,
    )
    f.QualificationFactory(
        mentee=mentee,
        title="Bachelor Krankenpflege",
        country=syria,
        year=2013,
        recognition_result=RecognitionResult.PARTIAL,
        reference_occupation=f.occupation(),
        decision_date=datetime.date(2024, 5, 6),
    )
    arabic = f.LanguageFactory(iso_code="ar", name_de="Arabisch", name_en="Arabic")
    f.LanguageSkillFactory(mentee=mentee, language=arabic, level="native")
    f.LanguageSkillFactory(mentee=mentee, level="B2", certificate="telc")
    CourseFactory(mentee=mentee, title="Berufssprachkurs B2", ends_on=datetime.date(2026, 7, 31))
    return mentee


@pytest.fixture
def consent(mentee):
    from lotse.cases.tests.factories import ConsentFactory

    return ConsentFactory(mentee=mentee, purpose=ConsentPurpose.EMPLOYER_PROPOSAL)


@pytest.fixture
def photo(mentee, alice):
    from lotse.documents.tests.factories import DocumentFactory

    return DocumentFactory(mentee=mentee, uploaded_by=alice, title="Bewerbungsfoto")
