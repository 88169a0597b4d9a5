"""The occupation picker's endpoints. Reference data only: any logged-in user may search."""

import re

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


@require_GET
@login_required
def occupation_search(request: HttpRequest) -> HttpResponse:
    """Job titles matching ``?q=`` (or the picker field's own value): a list of buttons for
    the picker (htmx), else a page with a search form that works without JavaScript."""
    field = _name_param(request, "field")
    target = _name_param(request, "target")
    query = request.GET.get("q")
    if query is None and field:
        query = request.GET.get(field, "")
    query = (query or "").strip()[:100]
    titles = search_job_titles(query, limit=RESULT_LIMIT) if query else []
    context = {
        "query": query,
        "titles": titles,
        "too_short": bool(query) and len(query) < MIN_QUERY_LENGTH,
        "field": field,
        "target": target,
    }
    if request.htmx:
        return render(request, "reference/_occupation_results.html", context)
    return render(request, "reference/occupation_search.html", context)


@require_GET
@login_required
def occupation_pick(request: HttpRequest) -> HttpResponse:
    """The picker's input again, filled with the chosen title's KldB code and title (htmx)."""
    field = _name_param(request, "field")
    target = _name_param(request, "target")
    dkz = request.GET.get("dkz", "")
    if not field or not target or not dkz.isdigit():
        return HttpResponse(status=400)
    title = get_object_or_404(OccupationTitle.objects.select_related("occupation"), dkz_id=dkz)
    widget = OccupationWidget(attrs={"autofocus": True})
    context = widget.get_context(field, f"{title.occupation_id} {title.title}", {"id": target})
    context["picked"] = f"{title.title} (KldB {title.occupation_id})"
    return render(request, widget.template_name, context)
