"""A page with the occupation picker, for the browser test only (the app has no form page of
its own; cases, employers and placements use the field in theirs)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from lotse.lib.forms import LotseForm
from lotse.reference.fields import OccupationField
from lotse.urls import urlpatterns as project_urlpatterns


class PickerForm(LotseForm):
    occupation = OccupationField(label="Zielberuf")
    note = forms.CharField(label="Notiz", required=False)


PAGE = """{% extends "base.html" %}{% block title %}Picker{% endblock %}{% block content %}
<h1>Picker</h1>
{% if chosen %}<p id="chosen">{{ chosen.code }}</p>{% endif %}
<form method="post" novalidate>{% csrf_token %}
{% include "_form_errors.html" %}
{% for field in form %}{% include "_field.html" %}{% endfor %}
<button type="submit">Speichern</button></form>{% endblock %}"""


@login_required
def picker_page(request: HttpRequest) -> HttpResponse:
    form = PickerForm(request.POST or None)
    chosen = (
        form.cleaned_data["occupation"] if request.method == "POST" and form.is_valid() else None
    )
    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render({"form": form, "chosen": chosen}, request))


urlpatterns = [path("test-picker/", picker_page, name="test_picker"), *project_urlpatterns]
