import uuid

import factory

from lotse.audit.models import AuditAction, AuditEvent


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    actor = None
    action = AuditAction.VIEW
    object_type = "cases.mentee"
    object_id = factory.LazyFunction(lambda: str(uuid.uuid4()))
    object_label = ""
    mentee_id = factory.LazyFunction(uuid.uuid4)
