import datetime

import factory
from django.utils import timezone

from lotse.api.models import AccessToken


class AccessTokenFactory(factory.django.DjangoModelFactory):
    """A token row (its secret unknown: for pages that list tokens, not for API calls)."""

    class Meta:
        model = AccessToken

    name = "BI-Export"
    prefix = factory.Sequence(lambda n: f"{n:08x}")
    digest = "0" * 64
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
