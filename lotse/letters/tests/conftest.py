import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def mentee(project_a, alice):
    from lotse.cases.tests.factories import LanguageFactory, LanguageSkillFactory
    from lotse.journal.tests.factories import MenteeFactory

    mentee = MenteeFactory(
        project=project_a,
        mentor=alice,
        first_name="Amina",
        last_name="Haddad",
        street="Straße der Nationen 12",
        postcode="09111",
    )
    arabic = LanguageFactory(iso_code="ar", name_de="Arabisch", name_en="Arabic")
    LanguageSkillFactory(mentee=mentee, language=arabic, level="native")
    return mentee


@pytest.fixture
def appointment(mentee, alice):
    from lotse.journal.tests.factories import AppointmentFactory

    starts = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time(10, 30))
    )
    return AppointmentFactory(
        mentee=mentee,
        starts_at=starts + datetime.timedelta(days=7),
        place="Jobcenter Chemnitz, Raum 2.14",
        with_whom="Frau Schulze",
        created_by=alice,
    )


@pytest.fixture
def agreement(mentee):
    from lotse.journal.tests.factories import AgreementStepFactory, IntegrationAgreementFactory

    agreement = IntegrationAgreementFactory(
        mentee=mentee, goal="Ausbildung als Pflegefachfrau", signed_on=datetime.date(2026, 1, 15)
    )
    AgreementStepFactory(agreement=agreement, description="Anerkennung beantragen")
    AgreementStepFactory(agreement=agreement, description="Sprachkurs B2 anmelden")
    return agreement


@pytest.fixture
def employer(project_a):
    from lotse.employers.tests.factories import EmployerFactory

    return EmployerFactory(project=project_a, name="Pflegedienst Sonnenschein GmbH")


@pytest.fixture
def programme_templates(db):
    """The programme's texts as the data migration seeds them (a transactional test may have
    flushed them)."""
    from lotse.letters.models import LetterTemplate
    from lotse.letters.seed import seed

    seed(LetterTemplate)
