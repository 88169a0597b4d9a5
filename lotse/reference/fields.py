"""The occupation picker: a form field for 5-digit KldB occupations.

Use it in any form with one line::

    from lotse.reference.fields import OccupationField

    class TargetOccupationForm(LotseModelForm):
        occupation = OccupationField(label=_("target occupation"))

It renders as a text input. With htmx, typing searches the 27,854 job titles of the BA
(``reference:occupation_search``) and the results appear below as buttons; choosing one fills
the field with "KldB code + title". Without JavaScript, the field accepts a 5-digit KldB code
(also followed by text, as the picker fills it) or an exact job title, and otherwise says what
to enter. The cleaned value is an ``Occupation`` of level 5.

``LanguageField`` is the language picker: the programme's common languages first
(``selectors.COMMON_LANGUAGES``), then "Weitere Sprachen" alphabetically. A model form gets it
with ``field_classes = {"language": LanguageField}``.
"""

import json
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from lotse.reference.models import Language, Occupation
from lotse.reference.selectors import (
    find_occupation,
    languages_common_first,
    occupations_of_level,
)

_CODE = re.compile(r"^\d{5}$")


def occupation_label(occupation: Occupation) -> str:
    """How the field shows a chosen occupation: "82312 Friseurgewerbe – Fachkraft"."""
    return str(occupation)


class OccupationWidget(forms.TextInput):
    """A text input that searches job titles as you type (htmx) and works without it."""

    template_name = "reference/widgets/occupation.html"

    def __init__(self, attrs: dict | None = None) -> None:
        base = {"autocomplete": "off", "spellcheck": "false"}
        super().__init__(attrs={**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Occupation):
            return occupation_label(value)
        if isinstance(value, str) and _CODE.match(value):
            occupation = Occupation.objects.filter(code=value, level=5).first()
            return occupation_label(occupation) if occupation else value
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        field_id = widget["attrs"].get("id") or f"id_{name}"
        widget["attrs"]["id"] = field_id
        results_id = f"{field_id}_results"
        attrs = {
            **widget["attrs"],
            "aria-controls": results_id,
            "hx-get": reverse("reference:occupation_search"),
            "hx-trigger": "input changed delay:250ms, search",
            "hx-target": f"#{results_id}",
            "hx-swap": "innerHTML",
            "hx-vals": json.dumps(
                {
                    "field": name,
                    "target": field_id,
                    # Carried through the search to the pick, which renders this input anew.
                    "describedby": widget["attrs"].get("aria-describedby", ""),
                    "required": "1" if widget["required"] else "",
                }
            ),
        }
        context.update(
            {
                "field_id": field_id,
                "results_id": results_id,
                "input_attrs": flatatt({k: v for k, v in attrs.items() if v is not False}),
                "value": widget["value"],
                "name": name,
            }
        )
        return context

    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        # Rendered with the project's template engine (the form renderer's engine does not
        # see lotse/templates).
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))  # noqa: S308


class OccupationField(forms.ModelChoiceField):
    """A 5-digit KldB occupation, entered as a code or a job title (see the module docstring)."""

    widget = OccupationWidget
    default_error_messages = {
        "invalid_choice": _(
            "No occupation matches “%(value)s”; please enter a job title from the list or a "
            "5-digit KldB code."
        ),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", occupations_of_level(5))
        kwargs.setdefault(
            "help_text",
            _("Type a job title and choose it from the list, or enter a 5-digit KldB code."),
        )
        kwargs.setdefault("label", _("occupation"))
        kwargs.setdefault("empty_label", None)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Occupation | None:
        if isinstance(value, Occupation):
            return value
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text:
            return None
        occupation = find_occupation(text)
        if occupation is None or not self.queryset.filter(pk=occupation.pk).exists():
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": text[:100]},
            )
        return occupation

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Occupation):
            return occupation_label(value)
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        initial_code = initial.pk if isinstance(initial, Occupation) else (initial or None)
        try:
            chosen = self.to_python(data)
        except ValidationError:
            return True
        return (chosen.pk if chosen else None) != (str(initial_code) if initial_code else None)


class _CommonFirstIterator(forms.models.ModelChoiceIterator):
    """The choices of a ``LanguageField``: the empty label, then two option groups."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        common, others = languages_common_first(self.queryset)
        if common:
            yield (_("Common languages"), [self.choice(language) for language in common])
        if others:
            yield (_("Other languages"), [self.choice(language) for language in others])


class LanguageField(forms.ModelChoiceField):
    """A ``reference.Language``, the programme's common languages listed first."""

    iterator = _CommonFirstIterator

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Language.objects.all())
        super().__init__(**kwargs)
