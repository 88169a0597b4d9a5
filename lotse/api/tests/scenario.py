"""One record of every kind the API serves, in project A (and one mentee in project B): also a
group event held yesterday with the mentee invited (attendance not recorded yet)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from lotse.cases.models import ConsentPurpose
from lotse.cases.tests.factories import ConsentFactory, MenteeFactory
from lotse.employers.tests.factories import EmployerFactory, VacancyFactory, occupation
from lotse.events.tests.factories import GroupEventFactory, InvitationFactory
from lotse.journal.tests.factories import AppointmentFactory, JournalEntryFactory
from lotse.placements.tests.factories import ApplicationFactory, PlacementFactory
from lotse.reporting.tests.factories import FundingPeriodFactory


@dataclass
class Scenario:
    mentee: Any
    proposable: Any
    contact: Any
    appointment: Any
    employer: Any
    vacancy: Any
    application: Any
    placement: Any
    event: Any
    invitation: Any

    def references(self) -> dict[str, str]:
        """The id for each reference a request body may carry."""
        return {
            "project": str(self.mentee.project.public_id),
            "mentor": str(self.mentee.mentor.public_id),
            "mentee": str(self.proposable.public_id),
            "vacancy": str(self.vacancy.public_id),
            "employer": str(self.employer.public_id),
        }

    def ids(self) -> dict[str, str]:
        """The id for each object URL of the API, by the path's first segment."""
        return {
            "mentees": str(self.mentee.public_id),
            "contacts": str(self.contact.public_id),
            "appointments": str(self.appointment.public_id),
            "vacancies": str(self.vacancy.public_id),
            "applications": str(self.application.public_id),
            "placements": str(self.placement.public_id),
            "events": str(self.event.public_id),
            "invitations": str(self.invitation.public_id),
        }


def build(project, mentor) -> Scenario:
    cook = occupation()
    FundingPeriodFactory(
        name="Förderphase", start=datetime.date(2024, 1, 1), end=timezone.localdate()
    )
    mentee = MenteeFactory(project=project, mentor=mentor)
    proposable = MenteeFactory(project=project, mentor=mentor)
    for person in (mentee, proposable):
        ConsentFactory(mentee=person, purpose=ConsentPurpose.EMPLOYER_PROPOSAL)
    employer = EmployerFactory(project=project)
    vacancy = VacancyFactory(employer=employer, occupation=cook)
    # Held yesterday (so attendance can be recorded), run by the mentor, the mentee invited.
    event = GroupEventFactory(
        project=project, date=timezone.localdate() - datetime.timedelta(days=1)
    )
    event.staff.add(mentor)
    return Scenario(
        mentee=mentee,
        proposable=proposable,
        contact=JournalEntryFactory(mentee=mentee, author=mentor),
        appointment=AppointmentFactory(mentee=mentee, created_by=mentor),
        employer=employer,
        vacancy=vacancy,
        application=ApplicationFactory(mentee=mentee, vacancy=vacancy),
        placement=PlacementFactory(
            mentee=mentee,
            employer=employer,
            vacancy=vacancy,
            occupation=cook,
            start_date=timezone.localdate(),
        ),
        event=event,
        invitation=InvitationFactory(event=event, mentee=mentee, invited_by=mentor),
    )
