import datetime

import factory

from lotse.accounts.tests.factories import UserFactory
from lotse.cases.tests.factories import MenteeFactory
from lotse.privacy.models import (
    DataSubjectRequest,
    ErasureReview,
    LegalHold,
    RequestKind,
    Restriction,
    RestrictionReason,
    ReviewReason,
)
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


class ErasureReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ErasureReview

    mentee = factory.SubFactory(MenteeFactory)
    reason = ReviewReason.CONSENT_WITHDRAWN
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))


class LegalHoldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalHold

    mentee = factory.SubFactory(MenteeFactory)
    reason = "Klage anhängig"
