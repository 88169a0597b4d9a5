"""The occupation picker's endpoints. Reference data only: any logged-in user may search."""

import re
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from lotse.reference.fields import OccupationWidget
from lotse.reference.models import OccupationTitle
from lotse.reference.selectors import MIN_QUERY_LENGTH, search_job_titles

RESULT_LIMIT = 20
_NAME = re.compile(r"^[A-Za-z][\w-]{0,99}$")


def _name_param(request: HttpRequest, key: str) -> str:
    """A form-field name or element id passed by the widget; anything else is ignored."""
    value = request.GET.get(key, "")
    return value if _NAME.match(value) else ""


def _widget_params(request: HttpRequest) -> dict[str, str]:
    """What the pick needs to render the input as the form did: name, id, described-by ids
    (help text; the error is left out, as a pick replaces the wrong input) and required."""
    ids = [i for i in request.GET.get("describedby", "").split() if _NAME.match(i)]
    return {
        "field": _name_param(request, "field"),
        "target": _name_param(request, "target"),
        "describedby": " ".join(i for i in ids if not i.endswith("_error")),
        "required": "1" if request.GET.get("required") else "",
    }


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
    query = (query or "").strip()[:100]
    titles = search_job_titles(query, limit=RESULT_LIMIT) if query else []
    context = {
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
    dkz = request.GET.get("dkz", "")
    if not field or not target or not dkz.isdigit():
        return HttpResponse(status=400)
    title = get_object_or_404(OccupationTitle.objects.select_related("occupation"), dkz_id=dkz)
    widget = OccupationWidget(attrs={"autofocus": True})
    attrs: dict = {"id": target, "required": bool(params["required"])}
    if params["describedby"]:
        attrs["aria-describedby"] = params["describedby"]
    context = widget.get_context(field, f"{title.occupation_id} {title.title}", attrs)
    context["picked"] = f"{title.title} (KldB {title.occupation_id})"
    return render(request, widget.template_name, context)
