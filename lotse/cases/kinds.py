"""The kinds of profile record in the mentee's case file. Their pages (``cases:<slug>_add``,
``…_edit``, ``…_delete``) and services (``kind.create/update/delete``) come from
``lotse.lib.records``; a new kind is a model, its form and one entry here."""

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
    slug="language",
    model=LanguageSkill,
    form=forms.LanguageSkillForm,
    title=_("language skill"),
    anchor="languages",
)
QUALIFICATION = RecordKind(
    audit_unchanged=True,
    slug="qualification",
    model=Qualification,
    form=forms.QualificationForm,
    title=_("qualification"),
    anchor="qualifications",
)
WORK = RecordKind(
    audit_unchanged=True,
    slug="work",
    model=WorkExperience,
    form=forms.WorkExperienceForm,
    title=_("work experience"),
    anchor="work",
)
TARGET = RecordKind(
    audit_unchanged=True,
    slug="target",
    model=TargetOccupation,
    form=forms.TargetOccupationForm,
    title=_("target occupation"),
    anchor="targets",
)
RESIDENCE = RecordKind(
    audit_unchanged=True,
    slug="residence",
    model=ResidenceStatus,
    form=forms.ResidenceStatusForm,
    title=_("residence status"),
    anchor="residence",
)
REFERENCE = RecordKind(
    audit_unchanged=True,
    slug="reference",
    model=ExternalReference,
    form=forms.ExternalReferenceForm,
    title=_("external reference"),
    anchor="references",
)
CONSENT = RecordKind(
    audit_unchanged=True,
    slug="consent",
    model=Consent,
    form=forms.ConsentForm,
    title=_("consent"),
    anchor="consents",
    fields=(*forms.ConsentForm._meta.fields, "withdrawn_on"),
)

#: The profile records by URL slug, in the order of the mentee page.
RECORD_KINDS = {
    kind.slug: kind
    for kind in [LANGUAGE, QUALIFICATION, WORK, TARGET, RESIDENCE, REFERENCE, CONSENT]
}
