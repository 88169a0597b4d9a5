"""Erasure of the journal (called by ``lotse.privacy.erasure.erase_mentee``).

Contacts stay as date, duration, kind and author (the report counts mentoring contacts and
their hours); their notes, topics and interpreter language go. The integration agreement stays
as its dates (the report counts agreements signed); its goal, notes and steps go. Appointments,
tasks, referrals and courses are removed."""

from typing import Any

from lotse.journal.models import (
    AgreementStep,
    Appointment,
    CourseParticipation,
    IntegrationAgreement,
    JournalEntry,
    Referral,
    Task,
)
from lotse.lib.erasure import renew_public_ids

REMOVED = (AgreementStep, Appointment, Task, Referral, CourseParticipation)


def erase(mentee: Any, *, actor: Any) -> None:
    for model in REMOVED:
        model.objects.filter(mentee=mentee).delete()
    entries = JournalEntry.objects.filter(mentee=mentee)
    entries.update(notes="", topics=[], interpreter_language=None)
    renew_public_ids(entries)
    agreements = IntegrationAgreement.objects.filter(mentee=mentee)
    agreements.update(goal="", notes="")
    renew_public_ids(agreements)
