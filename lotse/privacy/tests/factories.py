import datetime

import factory

from lotse.cases.tests.factories import MenteeFactory
from lotse.privacy.models import ErasureReview, LegalHold, ReviewReason


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
