"""The occupation picker's endpoints. Reference data only: any logged-in user may search."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from lotse.reference.fields import OccupationWidget
from lotse.reference.forms import OccupationPickForm, OccupationSearchForm, PickerParamsForm
from lotse.reference.models import OccupationTitle
from lotse.reference.selectors import MIN_QUERY_LENGTH, search_job_titles

RESULT_LIMIT = 20


def _widget_params(request: HttpRequest) -> dict[str, str]:
    """What the pick needs to render the input as the form did (see ``PickerParamsForm``)."""
    return PickerParamsForm(request.GET).params()


@require_GET
@login_required
def occupation_search(request: HttpRequest) -> HttpResponse:
    """Job titles matching ``?q=`` (or the picker field's own value): a list of buttons for
    the picker (htmx), else a page with a search form that works without JavaScript."""
    params = _widget_params(request)
    field, target = params["field"], params["target"]
    query = request.GET.get("q")
    if query is None and field:
        query = request.GET.get(field, "")
    form = OccupationSearchForm({"q": (query or "").strip()[:100]})
    query = form.query().strip()
    titles = search_job_titles(query, limit=RESULT_LIMIT) if query else []
    context = {
        "form": form,
        "query": query,
        "titles": titles,
        "too_short": bool(query) and len(query) < MIN_QUERY_LENGTH,
        "target": target,
        "pick_params": urlencode({k: v for k, v in params.items() if v}),
    }
    if request.htmx:
        return render(request, "reference/_occupation_results.html", context)
    return render(request, "reference/occupation_search.html", context)


@require_GET
@login_required
def occupation_pick(request: HttpRequest) -> HttpResponse:
    """The picker's input again, filled with the chosen title's KldB code and title (htmx)."""
    params = _widget_params(request)
    field, target = params["field"], params["target"]
    form = OccupationPickForm(request.GET)
    if not field or not target or not form.is_valid():
        return HttpResponse(status=400)
    title = get_object_or_404(
        OccupationTitle.objects.select_related("occupation"), dkz_id=form.cleaned_data["dkz"]
    )
    widget = OccupationWidget(attrs={"autofocus": True})
    attrs: dict = {"id": target, "required": bool(params["required"])}
    if params["describedby"]:
        attrs["aria-describedby"] = params["describedby"]
    context = widget.get_context(field, f"{title.occupation_id} {title.title}", attrs)
    context["picked"] = f"{title.title} (KldB {title.occupation_id})"
    return render(request, widget.template_name, context)
