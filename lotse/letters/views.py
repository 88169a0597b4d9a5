"""Pages of letters: making a letter for a mentee (the download), and the project's letter
templates (list and preview for everyone in the project, a new version and the native
speaker's check for its leads only). Mentees, appointments, the agreement and employers are
fetched through the scoped selectors: another project's mentee or template page is a 404, as
for the coordinator."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.accounts.selectors import projects_for
from lotse.audit.services import note_shown
from lotse.cases.selectors import mentee_for
from lotse.journal.selectors import agreement_for
from lotse.letters import content, selectors, services
from lotse.letters.forms import LetterTemplateForm, initial_for, letter_form
from lotse.letters.models import LetterKind, LetterLanguage
from lotse.letters.placeholders import DESCRIPTIONS, PLACEHOLDERS
from lotse.lib import paper
from lotse.lib.views import apply_service_errors


@require_http_methods(["GET", "POST"])
@login_required
def letter_new(request: HttpRequest, mentee_id: UUID) -> HttpResponse:
    """The letter form; a valid POST makes the letter and answers with the file."""
    mentee = mentee_for(request.user, mentee_id)
    note_shown(request, [mentee])
    if request.method == "POST":
        form = letter_form(request.user, mentee, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = services.letter_generate(
                    actor=request.user,
                    mentee=mentee,
                    kind=data["kind"],
                    language=data["language"],
                    file_format=data["file_format"],
                    appointment=data.get("appointment"),
                    agreement=agreement_for(request.user, mentee),
                    employer=data.get("employer"),
                    purpose=data.get("purpose") or "",
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return paper.download(
                    made.file, filename=made.filename, content_type=made.content_type
                )
    else:
        form = letter_form(request.user, mentee, initial=initial_for(request, mentee))
    return render(
        request,
        "letters/new.html",
        {
            "mentee": mentee,
            "form": form,
            "letters": selectors.mentee_letters(request.user, mentee),
            "checks": selectors.languages_to_check(mentee.project),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- templates ----------------------------------------------------------------------------


@require_GET
@login_required
def template_index(request: HttpRequest) -> HttpResponse:
    """The templates of the user's project (a choice when they work in several)."""
    projects = list(projects_for(request.user))
    if not projects:
        raise Http404
    if len(projects) == 1:
        return redirect("letters:templates", projects[0].public_id)
    return render(request, "letters/template_projects.html", {"projects": projects})


@require_GET
@login_required
def template_list(request: HttpRequest, project_id: UUID) -> HttpResponse:
    project = selectors.project_for(request.user, project_id)
    in_force = selectors.templates_in_force(project)
    rows = [
        {
            "kind": kind,
            "label": label,
            "languages": [
                {"code": code, "name": name, "template": in_force.get((kind, code))}
                for code, name in LetterLanguage.choices
            ],
        }
        for kind, label in LetterKind.choices
    ]
    return render(
        request,
        "letters/template_list.html",
        {
            "project": project,
            "rows": rows,
            "may_edit": selectors.may_edit_templates(request.user, project),
        },
    )


def _pair_for(kind: str, language: str, project: Any) -> tuple[Any, Any]:
    german = selectors.template_in_force(kind, LetterLanguage.GERMAN, project)
    if language == LetterLanguage.GERMAN:
        return german, None
    return german, selectors.template_in_force(kind, language, project)


@require_GET
@login_required
def template_preview(
    request: HttpRequest, project_id: UUID, kind: str, language: str
) -> HttpResponse:
    """The letter with invented values, as the project's texts in force make it."""
    project = selectors.project_for(request.user, project_id)
    selectors.check_kind_and_language(kind, language)
    german, translation = _pair_for(kind, language, project)
    if german is None:
        raise Http404
    shown = translation or german
    return render(
        request,
        "letters/template_preview.html",
        {
            "project": project,
            "kind": kind,
            "kind_label": LetterKind(kind).label,
            "language": language,
            "language_name": LetterLanguage(language).label,
            "template": shown,
            "german": german,
            "translation": translation,
            "letter": content.sample(german, translation),
            "may_edit": selectors.may_edit_templates(request.user, project),
            "missing": language != LetterLanguage.GERMAN and translation is None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def template_edit(request: HttpRequest, project_id: UUID, kind: str, language: str) -> HttpResponse:
    """A new version of the project's text (leads only); the form starts from the text in
    force."""
    project = selectors.project_for(request.user, project_id, lead=True)
    selectors.check_kind_and_language(kind, language)
    current = selectors.template_in_force(kind, language, project)
    if request.method == "POST":
        form = LetterTemplateForm(request.POST, kind=kind, language=language)
        if form.is_valid():
            try:
                services.template_save(
                    actor=request.user,
                    project=project,
                    kind=kind,
                    language=language,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _saved_message(language))
                return redirect("letters:template_preview", project.public_id, kind, language)
    else:
        initial = {"subject": current.subject, "body": current.body} if current else {}
        form = LetterTemplateForm(initial=initial, kind=kind, language=language)
    return render(
        request,
        "letters/template_edit.html",
        {
            "project": project,
            "kind": kind,
            "kind_label": LetterKind(kind).label,
            "language": language,
            "language_name": LetterLanguage(language).label,
            "current": current,
            "form": form,
            "history": selectors.history(kind, language, project),
            "placeholders": [(name, DESCRIPTIONS[name]) for name in PLACEHOLDERS[kind]],
        },
        status=400 if request.method == "POST" else 200,
    )


def _saved_message(language: str) -> str:
    if language == LetterLanguage.GERMAN:
        return _("The new version of the text has been saved.")
    return _(
        "The new version of the translation has been saved. It is marked “to be checked by a "
        "native speaker” until someone confirms it."
    )


@require_POST
@login_required
def template_confirm(request: HttpRequest, project_id: UUID, template_id: UUID) -> HttpResponse:
    """A native speaker among the project's leads confirms the translation."""
    project = selectors.project_for(request.user, project_id, lead=True)
    template = selectors.template_for(request.user, project, template_id)
    if template.project_id != project.pk:
        raise Http404
    services.template_confirm_check(actor=request.user, template=template)
    messages.success(request, _("The translation is marked as checked by a native speaker."))
    url = reverse(
        "letters:template_preview", args=[project.public_id, template.kind, template.language]
    )
    return redirect(url)
