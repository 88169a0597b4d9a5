import pytest

from lotse.journal.tests.factories import (
    AgreementStepFactory,
    AppointmentFactory,
    CourseFactory,
    IntegrationAgreementFactory,
    JournalEntryFactory,
    MenteeFactory,
    ReferralFactory,
    TaskFactory,
)


@pytest.fixture
def mentee(project_a, alice):
    """Alice's mentee in project A."""
    return MenteeFactory(project=project_a, mentor=alice, first_name="Amina", last_name="Haddad")


@pytest.fixture
def records(mentee):
    """One record of each kind for ``mentee``, keyed by the URL segment of its pages."""
    agreement = IntegrationAgreementFactory(mentee=mentee)
    return {
        "contacts": JournalEntryFactory(mentee=mentee),
        "appointments": AppointmentFactory(mentee=mentee),
        "tasks": TaskFactory(mentee=mentee),
        "steps": AgreementStepFactory(agreement=agreement),
        "referrals": ReferralFactory(mentee=mentee),
        "courses": CourseFactory(mentee=mentee),
        "agreement": agreement,
    }
