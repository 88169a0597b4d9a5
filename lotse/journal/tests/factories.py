import datetime

import factory
from django.utils import timezone

from lotse.cases.models import ResidenceStatus
from lotse.cases.tests.factories import BareMenteeFactory
from lotse.journal.models import (
    AgreementStep,
    Appointment,
    ContactKind,
    CourseKind,
    CourseParticipation,
    IntegrationAgreement,
    JournalEntry,
    PartnerKind,
    Referral,
    Task,
)
from lotse.reference.models import ResidenceTitle, WorkPermission


def _this_minute() -> datetime.datetime:
    return timezone.now().replace(second=0, microsecond=0)


class MenteeFactory(BareMenteeFactory):
    first_name = factory.Iterator(["Amina", "Yusuf", "Olena", "Tesfay", "Farid", "Zahra"])
    last_name = factory.Iterator(["Haddad", "Rahimi", "Kovalenko", "Gebremedhin", "Karimi"])


class ResidenceTitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidenceTitle
        django_get_or_create = ["code", "valid_from"]

    code = "25-2"
    name = "Aufenthaltserlaubnis § 25 Abs. 2 AufenthG"
    work_permission = WorkPermission.ALLOWED
    valid_from = datetime.date(2020, 1, 1)


class ResidenceStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidenceStatus

    mentee = factory.SubFactory(MenteeFactory)
    title = factory.SubFactory(ResidenceTitleFactory)
    valid_from = datetime.date(2024, 1, 1)
    valid_until = datetime.date(2027, 1, 1)


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    mentee = factory.SubFactory(MenteeFactory)
    occurred_at = factory.LazyFunction(_this_minute)
    kind = ContactKind.IN_PERSON
    duration_minutes = 45
    topics = factory.LazyFunction(lambda: ["job_search"])
    notes = "Bewerbungsunterlagen besprochen."


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    mentee = factory.SubFactory(MenteeFactory)
    starts_at = factory.LazyFunction(_this_minute)
    kind = "agencies"
    place = "Jobcenter Chemnitz"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    mentee = factory.SubFactory(MenteeFactory)
    title = factory.Sequence(lambda n: f"Aufgabe {n}")
    due_date = factory.LazyFunction(timezone.localdate)


class IntegrationAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntegrationAgreement

    mentee = factory.SubFactory(MenteeFactory)
    signed_on = datetime.date(2026, 1, 15)


class AgreementStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementStep

    agreement = factory.SubFactory(IntegrationAgreementFactory)
    mentee = factory.SelfAttribute("agreement.mentee")
    description = factory.Sequence(lambda n: f"Schritt {n}")
    due_date = datetime.date(2026, 3, 1)


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    mentee = factory.SubFactory(MenteeFactory)
    partner_kind = PartnerKind.RECOGNITION_COUNSELLING
    partner_name = "IQ Netzwerk Sachsen"
    referred_on = datetime.date(2026, 2, 1)
    purpose = "Anerkennungsberatung"


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseParticipation

    mentee = factory.SubFactory(MenteeFactory)
    kind = CourseKind.JOB_LANGUAGE
    title = "B1→B2"
    provider = "VHS Chemnitz"
    starts_on = datetime.date(2026, 2, 1)
