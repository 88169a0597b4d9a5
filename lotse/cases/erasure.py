"""Erasure of the case file (called by ``lotse.privacy.erasure.erase_mentee``).

Removes the person's identity, contacts, address, free text and every profile record the
figures do not need. Kept: the stays (dates, project, exit reason), the sex, the district, the
education level (ISCED, for the ESF Plus indicators), the current project (activities are
counted for it) and each qualification's level (the focus group "without a vocational
qualification"). The date of birth and the countries are coarsened by
``lotse.reporting.erasure``, which knows what the figures need of them."""

from typing import Any

from django.utils import timezone

from lotse.cases.models import (
    Consent,
    DrivingLicence,
    ExitReason,
    ExternalReference,
    Goal,
    LanguageSkill,
    Mentee,
    MenteeStatus,
    Participation,
    Qualification,
    RecognitionResult,
    ResidenceStatus,
    TargetOccupation,
    WorkExperience,
)
from lotse.lib.erasure import ERASED_TEXT, renew_public_ids

#: Removed completely with the case file.
REMOVED = (
    LanguageSkill,
    WorkExperience,
    TargetOccupation,
    ResidenceStatus,
    ExternalReference,
    Consent,
)


def erase(mentee: Mentee, *, actor: Any) -> None:
    today = timezone.localdate()
    for stay in Participation.objects.filter(mentee=mentee, exit_date__isnull=True):
        # The person leaves the programme; the figures count the exit on the day of erasure.
        stay.exit_date = max(today, stay.entry_date)
        stay.exit_reason = stay.exit_reason or ExitReason.OTHER
        stay.save(update_fields=["exit_date", "exit_reason"])
    Participation.objects.filter(mentee=mentee).update(mentor=None)
    for model in REMOVED:
        model.objects.filter(mentee=mentee).delete()
    qualifications = Qualification.objects.filter(mentee=mentee)
    qualifications.update(
        title=ERASED_TEXT,
        country=None,
        year=None,
        reference_occupation=None,
        regulated=False,
        competent_body="",
        recognition_result=RecognitionResult.NOT_APPLIED,
        application_date=None,
        decision_date=None,
        gaps="",
        bridging_measure="",
        bridging_from=None,
        bridging_until=None,
    )
    renew_public_ids(qualifications)
    Mentee.objects.filter(pk=mentee.pk).update(
        status=MenteeStatus.EXITED,
        mentor=None,
        first_name="",
        last_name=ERASED_TEXT,
        phone="",
        email="",
        street="",
        postcode="",
        place=None,
        arrival_date=None,
        school_years=None,
        goal=Goal.JOB,
        driving_licence=DrivingLicence.NONE,
        has_car=False,
        commute_limit_km=25,
        available_from=None,
        hours_per_week=None,
        childcare_constraint="",
        referrer="",
        referrer_note="",
        notes="",
        updated_at=timezone.now(),
    )
