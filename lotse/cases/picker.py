"""The mentee picker: a form field that finds one mentee by name instead of a drop-down of all.

A drop-down of every mentee of a project grows with the project (1,000 names at ten times the
Saxon programme) and names them all on every page that shows the form. The picker is a text
field; the form's view passes the mentees it may choose from (a scoped selector's queryset) and,
for htmx, the URL of a search endpoint (:func:`options_response`)::

    class ServiceForm(LotseModelForm):
        mentee = MenteePickerField(required=False)

    form.fields["mentee"].queryset = selectors.mentees_for_services(user, employer)
    form.fields["mentee"].widget.search_url = reverse("employers:mentee_search", args=[...])

Without JavaScript the typed text is searched when the form is sent
(:func:`lotse.cases.selectors.search_names`, the mentee list's search): one match is taken,
several come back as radio buttons under the field ("choose one"), none is an error at the
field. With htmx, typing fetches the same radio buttons from the endpoint. The chosen radio
(``<name>_choice``, a public id) counts only while it still matches the text. Every mentee the
picker names is noted for the page's view row (``shown``).
"""

import json
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from lotse.audit.services import note_shown
from lotse.cases.models import Mentee
from lotse.cases.selectors import search_names

#: Radio buttons shown at most; more matches ask for more of the name.
OPTION_LIMIT = 20
MIN_QUERY_LENGTH = 2


def mentee_choice_label(mentee: Mentee) -> str:
    """A mentee as the picker names them, told apart from namesakes by birth year and mentor."""
    details = []
    if mentee.birth_date:
        details.append(_("born %(year)s") % {"year": mentee.birth_date.year})
    if mentee.mentor_id:
        details.append(_("mentor: %(name)s") % {"name": mentee.mentor})
    else:
        details.append(_("no mentor"))
    return f"{mentee} ({', '.join(str(d) for d in details)})"


def _uuid(value: Any) -> str:
    """A public id as text, or "" for anything else."""
    try:
        return str(uuid.UUID(str(value or "")))
    except ValueError:
        return ""


def find(mentees: QuerySet[Mentee], text: str) -> tuple[list[Mentee], bool]:
    """Up to ``OPTION_LIMIT`` of ``mentees`` matching ``text`` (in their order) and whether
    there are more. One query; none for a text shorter than ``MIN_QUERY_LENGTH``."""
    text = text.strip()
    if len(text) < MIN_QUERY_LENGTH:
        return [], False
    found = list(search_names(mentees, text)[: OPTION_LIMIT + 1])
    return found[:OPTION_LIMIT], len(found) > OPTION_LIMIT


def options_context(
    mentees: list[Mentee], more: bool, *, text: str, name: str, target: str, chosen: str = ""
) -> dict[str, Any]:
    """What ``cases/_mentee_options.html`` shows: the radio buttons and the help around them."""
    text = text.strip()
    if len(mentees) == 1 and not chosen:
        chosen = str(mentees[0].public_id)
    return {
        "query": text,
        "too_short": 0 < len(text) < MIN_QUERY_LENGTH,
        "options": [(str(m.public_id), mentee_choice_label(m)) for m in mentees],
        "more": more,
        "limit": OPTION_LIMIT,
        "name": name,
        "target": target,
        "chosen": chosen,
    }


def options_response(request: HttpRequest, mentees: QuerySet[Mentee]) -> HttpResponse:
    """The search endpoint's answer for ``?q=`` (or the field's own value, as htmx sends it):
    the radio buttons for htmx, else a page listing the matches. ``mentees`` is the scoped
    queryset the form chooses from; the mentees named are noted for the view row."""
    from lotse.reference.forms import PickerParamsForm

    params = PickerParamsForm(request.GET).params()
    field, target = params["field"] or "mentee", params["target"] or "mentee"
    text = (request.GET.get("q") or request.GET.get(field) or "")[:100]
    found, more = find(mentees, text)
    note_shown(request, found)
    context = options_context(found, more, text=text, name=field, target=target)
    if request.htmx:
        return render(request, "cases/_mentee_options.html", context)
    return render(request, "cases/mentee_picker_search.html", context)


class MenteePickerWidget(forms.Widget):
    """The text field, and under it the radio buttons of the matches (see the module)."""

    template_name = "cases/widgets/mentee_picker.html"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.search_url = ""
        self.queryset: QuerySet[Mentee] | None = None
        #: (text, matches, more) of the last search, set by the field's ``clean``.
        self.found: tuple[str, list[Mentee], bool] | None = None

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, str]:
        return {"text": data.get(name) or "", "choice": data.get(f"{name}_choice") or ""}

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_choice" not in data

    def format_value(self, value: Any) -> dict[str, str]:
        if isinstance(value, dict):
            return {"text": str(value.get("text", ""))[:100], "choice": _uuid(value.get("choice"))}
        if value and not isinstance(value, Mentee) and self.queryset is not None:
            value = self.queryset.filter(pk=value).first()
        if isinstance(value, Mentee):
            return {"text": value.full_name, "choice": str(value.public_id)}
        return {"text": "", "choice": ""}

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        field_id = widget["attrs"].get("id") or f"id_{name}"
        widget["attrs"]["id"] = field_id
        current = self.format_value(value)
        text, chosen = current["text"], current["choice"]
        if self.found is not None and self.found[0] == text.strip():
            _text, mentees, more = self.found
        elif chosen and self.queryset is not None:  # an initial mentee: only that one
            mentees, more = list(self.queryset.filter(public_id=chosen)), False
        else:
            mentees, more = [], False
        input_attrs = {**widget["attrs"], "aria-controls": f"{field_id}_options"}
        if self.search_url:
            input_attrs.update(
                {
                    "hx-get": self.search_url,
                    "hx-trigger": "input changed delay:250ms, search",
                    "hx-target": f"#{field_id}_options",
                    "hx-swap": "innerHTML",
                    "hx-vals": json.dumps({"field": name, "target": field_id}),
                }
            )
        context.update(
            options_context(mentees, more, text=text, name=name, target=field_id, chosen=chosen)
        )
        context.update(
            {
                "field_id": field_id,
                "value": text,
                "input_attrs": flatatt({k: v for k, v in input_attrs.items() if v is not False}),
            }
        )
        return context

    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        # The project's template engine (the form renderer's does not see lotse/templates).
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))  # noqa: S308


class MenteePickerField(forms.ModelChoiceField):
    """One mentee of ``queryset``, found by the typed name (see the module docstring)."""

    widget = MenteePickerWidget
    default_error_messages = {
        "none": _("No mentee you may choose here matches “%(value)s”."),
        "several": _("Several mentees match “%(value)s”: choose one below."),
        "too_short": _("Please type at least two letters of the name."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Mentee.objects.none())
        kwargs.setdefault("empty_label", None)
        super().__init__(**kwargs)

    def _set_queryset(self, queryset: QuerySet[Mentee] | None) -> None:
        super()._set_queryset(queryset)
        self.widget.queryset = self.queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def to_python(self, value: Any) -> Mentee | None:
        if isinstance(value, Mentee):
            return value
        current = self.widget.format_value(value)
        text, choice = current["text"].strip(), current["choice"]
        if not text:
            return None
        if len(text) < MIN_QUERY_LENGTH:
            raise ValidationError(self.error_messages["too_short"], code="too_short")
        mentees, more = find(self.queryset, text)
        self.widget.found = (text, mentees, more)
        chosen = [m for m in mentees if str(m.public_id) == choice]
        if chosen:
            return chosen[0]
        if choice and more:  # the choice may be among the matches not listed
            found = search_names(self.queryset, text).filter(public_id__in=[choice]).first()
            if found is not None:
                return found
        if len(mentees) == 1:
            return mentees[0]
        code = "several" if mentees else "none"
        raise ValidationError(self.error_messages[code], code=code, params={"value": text[:100]})

    def validate(self, value: Mentee | None) -> None:
        forms.Field.validate(self, value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        before = self.widget.format_value(initial)["choice"]
        return before != self.widget.format_value(data)["choice"]


def shown(form: forms.BaseForm, name: str) -> list[Mentee]:
    """The mentees the picker ``name`` of ``form`` names (for the page's view row)."""
    found = form.fields[name].widget.found
    return found[1] if found else []
