"""The import pages: upload, column mapping, progress, preview with the decisions per row, the
rejected rows and the template. Only project leads import (``services.may_import``); every
batch is read through ``selectors.batch_for`` (a lead of another project gets a 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.imports import selectors, services
from lotse.imports.columns import COLUMNS
from lotse.imports.forms import BulkForm, DecisionForm, MappingForm, UploadForm
from lotse.imports.models import BatchStatus, ImportKind
from lotse.imports.reading import BadFile
from lotse.imports.workbooks import column_name, rejected_xlsx, template_xlsx

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The template of each kind, by URL slug.
TEMPLATES = {kind.value: kind for kind in ImportKind}


def _require_importer(request: HttpRequest) -> None:
    if not selectors.import_projects_for(request.user).exists():
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.batch_upload(
                actor=request.user,
                project=form.cleaned_data["project"],
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                content=upload.read(),
                sheet=form.cleaned_data["sheet"],
            )
        except BadFile as error:
            form.add_error("file", str(error))
        else:
            return redirect("imports:detail", batch.public_id)
    batches = selectors.batches_for(request.user)[:20]
    return render(
        request,
        "imports/index.html",
        {"form": form, "batches": batches, "kinds": ImportKind.choices},
    )


@login_required
@require_GET
def template(request: HttpRequest, kind: str) -> HttpResponse:
    _require_importer(request)
    if kind not in TEMPLATES:
        raise Http404
    response = HttpResponse(template_xlsx(kind), content_type=XLSX)
    name = _("lotse-template-%(kind)s.xlsx") % {"kind": kind}
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    batch = selectors.batch_for(request.user, public_id)
    if request.headers.get("HX-Request") and not batch.is_running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context = {"batch": batch, "columns": COLUMNS[batch.kind]}
    if batch.status == BatchStatus.UPLOADED:
        return render(
            request, "imports/mapping.html", {**context, "form": MappingForm(batch=batch)}
        )
    if batch.is_running:
        return render(request, "imports/progress.html", context)
    if batch.status == BatchStatus.CHECKED:
        return _preview(request, batch, DecisionForm(rows=_page(request, batch).object_list))
    return render(request, "imports/done.html", context)


def _page(request: HttpRequest, batch):
    return Paginator(selectors.rows_to_review(batch), PAGE_SIZE).get_page(request.GET.get("page"))


def _preview(request: HttpRequest, batch, form: DecisionForm, status: int = 200) -> HttpResponse:
    page = _page(request, batch)
    rows = [
        {
            "row": row,
            "field": form[f"row_{row.number}"] if f"row_{row.number}" in form.fields else None,
            "errors": [
                {"column": column_name(batch, e.get("column")), "message": e["message"]}
                for e in row.errors
            ],
            "existing": row.duplicates,
        }
        for row in page.object_list
    ]
    _describe_duplicates(request, batch, rows)
    context = {
        "batch": batch,
        "page": page,
        "rows": rows,
        "form": form,
        "result": batch.result,
        "blocking": batch.rows.exclude(errors=[]).exclude(decision="exclude").count(),
    }
    return render(request, "imports/preview.html", context, status=status)


def _describe_duplicates(request: HttpRequest, batch, rows: list[dict]) -> None:
    """The existing records the rows resemble, read through the user's scope."""
    from lotse.imports import duplicates

    wanted = [candidate["id"] for item in rows for candidate in item["existing"]]
    records = duplicates.scoped_records(batch.kind, request.user, wanted) if wanted else {}
    for item in rows:
        found = []
        for candidate in item["existing"]:
            record = records.get(candidate["id"])
            if record is not None:
                why = ", ".join(str(duplicates.REASONS[w]) for w in candidate["why"])
                found.append({"record": record, "why": why})
        item["existing"] = found


@login_required
@require_POST
def mapping(request: HttpRequest, public_id: str) -> HttpResponse:
    batch = selectors.batch_for(request.user, public_id)
    form = MappingForm(request.POST, batch=batch)
    if not form.is_valid():
        return render(
            request,
            "imports/mapping.html",
            {"batch": batch, "columns": COLUMNS[batch.kind], "form": form},
            status=400,
        )
    try:
        batch = services.batch_map(actor=request.user, batch=batch, mapping=form.mapping())
        services.batch_start(actor=request.user, batch=batch, commit=False)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports:detail", batch.public_id)


@login_required
@require_POST
def decide(request: HttpRequest, public_id: str) -> HttpResponse:
    batch = selectors.batch_for(request.user, public_id)
    if batch.status != BatchStatus.CHECKED:
        messages.error(request, _("This import is running or finished."))
        return redirect("imports:detail", batch.public_id)
    form = DecisionForm(request.POST, rows=_page(request, batch).object_list)
    if not form.is_valid():
        return _preview(request, batch, form, status=400)
    try:
        services.batch_set_decisions(actor=request.user, batch=batch, decisions=form.decisions())
        if form.cleaned_data.get("action") == "import":
            batch = services.batch_start(actor=request.user, batch=batch, commit=True)
            if batch.status == BatchStatus.IMPORTED:
                messages.success(request, _("The file has been imported."))
            elif batch.status == BatchStatus.CHECKED:
                messages.error(request, _("Some rows failed; nothing has been imported."))
        else:
            messages.success(request, _("Your choices have been saved."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports:detail", batch.public_id)


@login_required
@require_POST
def decide_all(request: HttpRequest, public_id: str) -> HttpResponse:
    batch = selectors.batch_for(request.user, public_id)
    form = BulkForm(request.POST)
    if form.is_valid():
        try:
            services.batch_set_all(actor=request.user, batch=batch, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your choices have been saved."))
    return redirect("imports:detail", batch.public_id)


@login_required
@require_POST
def recheck(request: HttpRequest, public_id: str) -> HttpResponse:
    """Back to the column mapping (the rows stay as uploaded)."""
    batch = selectors.batch_for(request.user, public_id)
    try:
        services.batch_map(
            actor=request.user,
            batch=batch,
            mapping={index: key for key, index in batch.mapping.items()},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports:detail", batch.public_id)


@login_required
@require_POST
def discard(request: HttpRequest, public_id: str) -> HttpResponse:
    batch = selectors.batch_for(request.user, public_id)
    try:
        services.batch_discard(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("imports:detail", batch.public_id)
    messages.success(request, _("The upload has been discarded."))
    return redirect("imports:index")


@login_required
@require_GET
def rejected(request: HttpRequest, public_id: str) -> HttpResponse:
    batch = selectors.batch_for(request.user, public_id)
    response = HttpResponse(
        rejected_xlsx(batch, selectors.rejected_rows(batch).iterator()), content_type=XLSX
    )
    name = _("rejected-rows.xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
