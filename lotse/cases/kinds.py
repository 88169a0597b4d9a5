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
CONSENT = RecordKind(
    audit_unchanged=True,
    related="consents",
    rows=Consent.objects.all(),
    slug="consent",
    model=Consent,
    form=forms.ConsentForm,
    title=_("consent"),
    anchor="consents",
    fields=(*forms.ConsentForm._meta.fields, "withdrawn_on"),
)

#: The profile records by URL slug, in the order of the mentee page. The page prefetches each
#: kind's ``rows``, lists them in ``MenteePageData.records`` and the access export under the
#: kind's ``related`` name (``lotse.cases.selectors``, ``lotse.cases.panels``).
RECORD_KINDS = {
    kind.slug: kind
    for kind in [LANGUAGE, QUALIFICATION, WORK, TARGET, RESIDENCE, REFERENCE, CONSENT]
}
