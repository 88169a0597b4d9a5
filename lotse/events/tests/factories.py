import datetime

import factory

from lotse.accounts.tests.factories import ProjectFactory
from lotse.events.models import EventKind, GroupEvent, Invitation


class GroupEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupEvent

    project = factory.SubFactory(ProjectFactory)
    kind = EventKind.WORKSHOP
    title = "Bewerbungstraining: Lebenslauf"
    date = datetime.date(2026, 11, 10)
    starts_at = datetime.time(10, 0)
    ends_at = datetime.time(12, 30)
    duration_minutes = 150
    place = "Raum 2.14, Straße der Nationen 1"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    event = factory.SubFactory(GroupEventFactory)
    mentee = None
    attendance = ""
