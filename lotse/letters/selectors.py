"""Reads of letters and their templates.

Generated letters are personal data and scoped like every record of a mentee
(``cases.selectors.visible_q``). Templates are not personal: a user sees the programme-wide
texts and those of their own projects; only a project's leads change them.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lotse.accounts.models import Project
from lotse.accounts.selectors import lead_project_ids_for, project_ids_for
from lotse.cases.models import LanguageSkill, Mentee
from lotse.cases.selectors import visible_q
from lotse.letters.models import (
    REFERENCE_CODES,
    Letter,
    LetterKind,
    LetterLanguage,
    LetterTemplate,
)
from lotse.lib.exports import model_values
from lotse.reference.models import CefrLevel

# --- templates ----------------------------------------------------------------------------


def project_for(user: Any, project_id: Any, *, lead: bool = False) -> Project:
    """One of the user's projects (``lead``: one they lead), else 404."""
    allowed = lead_project_ids_for(user) if lead else project_ids_for(user)
    project = Project.objects.filter(public_id=project_id, pk__in=allowed).first()
    if project is None:
        raise Http404
    return project


def may_edit_templates(user: Any, project: Project) -> bool:
    return project.pk in lead_project_ids_for(user)


def history(kind: str, language: str, project: Project) -> list[LetterTemplate]:
    """The project's versions (newest first), then the programme's."""
    rows = LetterTemplate.objects.filter(kind=kind, language=language).select_related(
        "checked_by", "created_by", "project"
    )
    own = list(rows.filter(project=project).order_by("-version"))
    programme = list(rows.filter(project=None).order_by("-version"))
    return own + programme


def template_in_force(kind: str, language: str, project: Project) -> LetterTemplate | None:
    """The project's newest version, or else the programme's newest."""
    rows = LetterTemplate.objects.filter(kind=kind, language=language).select_related("checked_by")
    return (
        rows.filter(project=project).order_by("-version").first()
        or rows.filter(project=None).order_by("-version").first()
    )


def templates_in_force(project: Project) -> dict[tuple[str, str], LetterTemplate]:
    """(kind, language) → the text in force for the project (one query)."""
    rows = LetterTemplate.objects.filter(Q(project=project) | Q(project__isnull=True))
    found: dict[tuple[str, str], LetterTemplate] = {}
    for template in sorted(
        rows.select_related("checked_by"), key=lambda t: (t.project_id is not None, t.version)
    ):
        found[(template.kind, template.language)] = template
    return found


def languages_to_check(project: Project) -> list[str]:
    """The languages whose text in force for the project is still to be checked by a native
    speaker (one query)."""
    return sorted(
        {
            str(LetterLanguage(template.language).label)
            for template in templates_in_force(project).values()
            if template.needs_check
        }
    )


def template_for(user: Any, project: Project, template_id: Any) -> LetterTemplate:
    """A version the project's pages may show (its own or the programme's), else 404."""
    own_or_programme = Q(project=project) | Q(project__isnull=True)
    row = (
        LetterTemplate.objects.filter(own_or_programme, public_id=template_id)
        .select_related("project", "checked_by")
        .first()
    )
    if row is None:
        raise Http404
    return row


def check_kind_and_language(kind: str, language: str) -> None:
    if kind not in LetterKind.values or language not in LetterLanguage.values:
        raise Http404


# --- the mentee's language ----------------------------------------------------------------


def default_language(mentee: Mentee) -> str:
    """The letter language for the mentee: the first mother tongue Lotse has letters in, else
    the best-known other language it has letters in (not German: German is always there),
    else German alone."""
    skills = list(
        LanguageSkill.objects.filter(mentee=mentee)
        .exclude(language_id="de")
        .values_list("language_id", "level")
        .order_by("id")
    )
    order = [level for level, _label in CefrLevel.choices]
    ranked = sorted(
        skills,
        key=lambda skill: (skill[1] != CefrLevel.NATIVE, -order.index(skill[1])),
    )
    for code, _level in ranked:
        if code in REFERENCE_CODES:
            return REFERENCE_CODES[code]
    return LetterLanguage.GERMAN


# --- generated letters --------------------------------------------------------------------


def letters_for(user: Any) -> QuerySet[Letter]:
    return Letter.objects.filter(visible_q(user, "mentee__")).select_related(
        "template", "translation", "created_by", "appointment", "employer"
    )


def mentee_letters(user: Any, mentee: Mentee, *, limit: int = 20) -> list[Letter]:
    return list(letters_for(user).filter(mentee=mentee)[:limit])


def letters_export_data(user: Any, mentee: Mentee) -> list[dict[str, Any]]:
    """The record of each letter made for the mentee (kind, language, format, the template
    versions as "… (ar, v2)", date), for the access export."""
    rows = letters_for(user).filter(mentee=mentee).order_by("created_at", "pk")
    return [model_values(letter) for letter in rows]
