import datetime

import factory

from lotse.accounts.tests.factories import UserFactory
from lotse.cases.tests.factories import MenteeFactory
from lotse.privacy.models import DataSubjectRequest, RequestKind, Restriction, RestrictionReason
from lotse.privacy.services import due_date


class DataSubjectRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSubjectRequest

    mentee = factory.SubFactory(MenteeFactory)
    kind = RequestKind.ACCESS
    received_on = datetime.date(2025, 3, 3)
    due_on = factory.LazyAttribute(lambda o: due_date(o.received_on))
    recorded_by = factory.SubFactory(UserFactory)


class RestrictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Restriction

    mentee = factory.SubFactory(MenteeFactory)
    reason = RestrictionReason.ACCURACY
    restricted_by = factory.SubFactory(UserFactory)
