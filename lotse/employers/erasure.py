"""Erasure of services to employers aimed at a mentee (called by
``lotse.privacy.erasure.erase_mentee``): the service stays as the employer's activity (date,
kind, duration, author, still aimed at the anonymised record); its notes go."""

from typing import Any

from lotse.employers.models import EmployerService
from lotse.lib.erasure import renew_public_ids


def erase(mentee: Any, *, actor: Any) -> None:
    services = EmployerService.objects.filter(mentee=mentee)
    services.update(notes="")
    renew_public_ids(services)
