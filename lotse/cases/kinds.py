"""The kinds of profile record in the mentee's case file. Their pages (``cases:<slug>_add``,
``…_edit``, ``…_delete``) and services (``kind.create/update/delete``) come from
``lotse.lib.records``; a new kind is a model, its form and one entry here."""

from django.utils.translation import gettext_lazy as _

from lotse.cases import forms as f
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
    form=f.LanguageSkillForm,
    title=_("language skill"),
    anchor="languages",
)
QUALIFICATION = RecordKind(
    audit_unchanged=True,
    slug="qualification",
    model=Qualification,
    form=f.QualificationForm,
    title=_("qualification"),
    anchor="qualifications",
)
WORK = RecordKind(
    audit_unchanged=True,
    slug="work",
    model=WorkExperience,
    form=f.WorkExperienceForm,
    title=_("work experience"),
    anchor="work",
)
TARGET = RecordKind(
    audit_unchanged=True,
    slug="target",
    model=TargetOccupation,
    form=f.TargetOccupationForm,
    title=_("target occupation"),
    anchor="targets",
)
RESIDENCE = RecordKind(
    audit_unchanged=True,
    slug="residence",
    model=ResidenceStatus,
    form=f.ResidenceStatusForm,
    title=_("residence status"),
    anchor="residence",
)
REFERENCE = RecordKind(
    audit_unchanged=True,
    slug="reference",
    model=ExternalReference,
    form=f.ExternalReferenceForm,
    title=_("external reference"),
    anchor="references",
)
CONSENT = RecordKind(
    audit_unchanged=True,
    slug="consent",
    model=Consent,
    form=f.ConsentForm,
    title=_("consent"),
    anchor="consents",
    fields=(*f.ConsentForm._meta.fields, "withdrawn_on"),
)

#: The profile records by URL slug, in the order of the mentee page.
RECORD_KINDS = {
    kind.slug: kind
    for kind in [LANGUAGE, QUALIFICATION, WORK, TARGET, RESIDENCE, REFERENCE, CONSENT]
}
