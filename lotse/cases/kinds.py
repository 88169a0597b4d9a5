"""The kinds of profile record in the mentee's case file. Their pages (``cases:<slug>_add``,
``…_edit``, ``…_delete``) and services (``kind.create/update/delete``) come from
``lotse.lib.records``; a new kind is a model, its form and one entry here."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lotse.cases import forms
from lotse.cases.models import (
    Consent,
    ExternalReference,
    LanguageSkill,
    Qualification,
    ResidenceStatus,
    TargetOccupation,
    WorkExperience,
)
from lotse.lib.records import RecordKind

LANGUAGE = RecordKind(
    audit_unchanged=True,
    related="languages",
    rows=LanguageSkill.objects.select_related("language"),
    slug="language",
    model=LanguageSkill,
    form=forms.LanguageSkillForm,
    title=_("language skill"),
    anchor="languages",
)
QUALIFICATION = RecordKind(
    audit_unchanged=True,
    related="qualifications",
    rows=Qualification.objects.select_related("country", "reference_occupation"),
    slug="qualification",
    model=Qualification,
    form=forms.QualificationForm,
    title=_("qualification"),
    anchor="qualifications",
)
WORK = RecordKind(
    audit_unchanged=True,
    related="work_experience",
    rows=WorkExperience.objects.select_related("occupation", "country").order_by("pk"),
    slug="work",
    model=WorkExperience,
    form=forms.WorkExperienceForm,
    title=_("work experience"),
    anchor="work",
)
TARGET = RecordKind(
    audit_unchanged=True,
    related="target_occupations",
    rows=TargetOccupation.objects.select_related("occupation"),
    slug="target",
    model=TargetOccupation,
    form=forms.TargetOccupationForm,
    title=_("target occupation"),
    anchor="targets",
)
RESIDENCE = RecordKind(
    audit_unchanged=True,
    related="residence_statuses",
    rows=ResidenceStatus.objects.select_related("title"),
    slug="residence",
    model=ResidenceStatus,
    form=forms.ResidenceStatusForm,
    title=_("residence status"),
    anchor="residence",
)
REFERENCE = RecordKind(
    audit_unchanged=True,
    related="external_references",
    rows=ExternalReference.objects.order_by("agency", "pk"),
    slug="reference",
    model=ExternalReference,
    form=forms.ExternalReferenceForm,
    title=_("external reference"),
    anchor="references",
)


def _consent_from_text(consent: Consent, changed: set[str]) -> None:
    """Purpose, version and language come from the text agreed to, which must have been in
    force when the consent was given."""
    text = consent.consent_text
    if text is None:
        return
    consent.purpose = text.purpose
    consent.text_version = text.version
    consent.language = text.get_language_display()
    if consent.given_on and consent.given_on < text.valid_from:
        raise ValidationError(
            {
                "consent_text": _(
                    "This text is valid from %(date)s; the consent was given before. Please "
                    "choose the version that was signed."
                )
                % {"date": f"{text.valid_from:%d.%m.%Y}"}
            }
        )


CONSENT = RecordKind(
    audit_unchanged=True,
    related="consents",
    rows=Consent.objects.select_related("consent_text"),
    slug="consent",
    model=Consent,
    form=forms.ConsentForm,
    title=_("consent"),
    anchor="consents",
    # Without a text (consents recorded before the texts were data): purpose, version, language.
    fields=(
        *forms.ConsentForm._meta.fields,
        "withdrawn_on",
        "purpose",
        "text_version",
        "language",
    ),
    audited=("purpose", "text_version", "language"),
    prepare=_consent_from_text,
)

#: The profile records by URL slug, in the order of the mentee page. The page prefetches each
#: kind's ``rows``, lists them in ``MenteePageData.records`` and the access export under the
#: kind's ``related`` name (``lotse.cases.selectors``, ``lotse.cases.panels``).
RECORD_KINDS = {
    kind.slug: kind
    for kind in [LANGUAGE, QUALIFICATION, WORK, TARGET, RESIDENCE, REFERENCE, CONSENT]
}
