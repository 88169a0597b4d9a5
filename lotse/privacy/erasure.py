"""Erasure by anonymisation that keeps the programme's figures.

``erase_mentee`` removes everything that identifies a mentee — names, contacts, address, free
text, reference numbers, the records the figures do not need — and keeps, in coarse form, what
the figures count (stays, placements, agreements, contacts as date and duration, sex, district,
a year-of-birth date in the same age bands, a country of the same region, the ESF Plus
categories). The audit trail keeps what was done, under a pseudonym.

**Each app erases its own records.** Every installed app with a module ``erasure.py`` that
defines ``erase(mentee, *, actor) -> None`` is called, in the order of ``INSTALLED_APPS``, in
the one transaction of ``erase_mentee``; it anonymises or deletes the rows of its models about
the mentee (``lotse.lib.erasure`` has the neutral text and ``renew_public_ids``). A new app
with personal data adds such a module; ``test_erasure`` proves no personal value is left.
"""

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _

from lotse.accounts.selectors import is_data_protection_officer, lead_project_ids_for
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record, pseudonymise_person
from lotse.cases.models import Mentee
from lotse.lib.erasure import ERASED_TEXT
from lotse.privacy.models import DataSubjectRequest, LegalHold, Restriction

Eraser = Callable[..., None]


def erasers() -> Iterator[tuple[str, Eraser]]:
    """``(app label, erase)`` of every installed app that has an ``erasure.erase``."""
    for config in apps.get_app_configs():
        if config.name == __name__.rsplit(".", 1)[0] or not module_has_submodule(
            config.module, "erasure"
        ):
            continue
        erase = getattr(import_module(f"{config.name}.erasure"), "erase", None)
        if callable(erase):
            yield config.label, erase


def may_erase(user: Any, mentee: Mentee) -> bool:
    """The data protection officer and the project's lead may erase a mentee's record."""
    return is_data_protection_officer(user) or mentee.project_id in lead_project_ids_for(user)


@dataclass(frozen=True)
class Erased:
    already: bool  # the record had been erased before; nothing was done
    apps: tuple[str, ...] = ()


def erase_mentee(*, actor: Any, mentee: Mentee, reason: str = "erasure") -> Erased:
    """Anonymise ``mentee`` and everything about them, in one transaction (see the module's
    docstring). ``actor`` is the deciding user (``None``: the retention job); ``reason`` a code
    for the audit row (``erasure`` or ``retention``). Safe to call twice."""
    with transaction.atomic():
        mentee = Mentee.objects.select_for_update().get(pk=mentee.pk)
        if actor is not None and not may_erase(actor, mentee):
            raise PermissionDenied
        if mentee.erased_at is not None:
            return Erased(already=True)
        today = timezone.localdate()
        holds = LegalHold.objects.filter(mentee=mentee, lifted_at__isnull=True)
        if holds.filter(Q(until__isnull=True) | Q(until__gte=today)).exists():
            raise ValidationError(
                _("A legal hold keeps this record; lift it before erasing the record.")
            )
        done = []
        for label, erase in erasers():
            erase(mentee, actor=actor)
            done.append(label)
        LegalHold.objects.filter(mentee=mentee).update(reason=ERASED_TEXT)
        # The person's requests stay as evidence of how they were answered (Art. 5(2)), with
        # their kind and dates; what was written about them goes.
        DataSubjectRequest.objects.filter(mentee=mentee).update(
            details=ERASED_TEXT, outcome=ERASED_TEXT, extension_reason=ERASED_TEXT
        )
        Restriction.objects.filter(mentee=mentee).delete()
        pseudonym = uuid.uuid4()
        pseudonymise_person(mentee.public_id, pseudonym)
        Mentee.objects.filter(pk=mentee.pk).update(public_id=uuid.uuid4(), erased_at=timezone.now())
        # The row for the erasure itself: under the pseudonym, so it joins the person's
        # (pseudonymised) trail and names nobody.
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=Mentee(public_id=pseudonym, project_id=mentee.project_id),
            mentee=Mentee(public_id=pseudonym, project_id=mentee.project_id),
            changes={"erased": [None, True]},
            reason=reason,
        )
        return Erased(already=False, apps=tuple(done))
