"""Form base classes: input hygiene for every field, errors tied to their fields for screen
readers, and date inputs.

Every form of Lotse inherits ``LotseForm`` or ``LotseModelForm``. Both check what arrives before
a field interprets it (``lotse.lib.validation``): text is NFC without direction marks, control
characters and direction overrides are refused at the field (newlines and tabs only in a
``Textarea``), date fields get their plausible window (the model field's, the form's
``date_windows`` entry, or ``DEFAULT_WINDOW``), names of persons need a letter and phone fields
take a valid number and give it back in E.164.
"""

from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from lotse.lib import validation


class AccessibleBoundField(forms.BoundField):
    """Marks an invalid field with ``aria-invalid`` and points ``aria-describedby`` at its
    help text and error message (ids as rendered by ``templates/_field.html``)."""

    def build_widget_attrs(self, attrs: dict, widget: forms.Widget | None = None) -> dict:
        attrs = super().build_widget_attrs(attrs, widget)
        described = []
        if self.help_text:
            described.append(f"{self.auto_id}_helptext")
        if self.form.is_bound and self.errors:
            attrs["aria-invalid"] = "true"
            described.append(f"{self.auto_id}_error")
        if described:
            attrs["aria-describedby"] = " ".join(described)
        return attrs

    @property
    def data(self) -> Any:
        """The submitted value, NFC and without direction marks (passwords as typed)."""
        if _is_secret(self.field):
            return super().data
        return validation.normalise_raw(super().data)


class PhoneField(forms.CharField):
    """A phone number; cleaned to E.164, shown in national format."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict:
        return {**super().widget_attrs(widget), "type": "tel", "autocomplete": "off"}

    def to_python(self, value: Any) -> str:
        return validation.normalise_phone(super().to_python(value))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("+"):
            return validation.display_phone(value)
        return value


def _is_multiline(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.Textarea)


def _is_secret(field: forms.Field) -> bool:
    """A password is compared as typed: never normalised, never refused for its characters."""
    return isinstance(field.widget, forms.PasswordInput)


class HygieneMixin:
    """The checks of ``lotse.lib.validation`` for every field (see the module docstring)."""

    bound_field_class = AccessibleBoundField
    #: Windows for date fields that are not model fields: name → ``Window`` or a model field
    #: ("cases.Participation.exit_date") whose window applies.
    date_windows: dict[str, "validation.Window | str"] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._use_phone_fields()

    def _model_field_key(self, name: str) -> str | None:
        model = getattr(getattr(self, "_meta", None), "model", None)
        if model is None:
            return None
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:  # a form field of its own
            return None
        return validation.model_key(model, name)

    def _window(self, name: str) -> validation.Window:
        declared = self.date_windows.get(name)
        if isinstance(declared, validation.Window):
            return declared
        key = declared or self._model_field_key(name)
        return validation.DATE_WINDOWS.get(key or "", validation.DEFAULT_WINDOW)

    def _use_phone_fields(self) -> None:
        for name, field in list(self.fields.items()):
            if self._model_field_key(name) in validation.PHONE_FIELDS and not isinstance(
                field, PhoneField
            ):
                self.fields[name] = PhoneField(
                    label=field.label,
                    required=field.required,
                    help_text=field.help_text,
                    initial=field.initial,
                )

    def _check_value(self, name: str, field: forms.Field, value: Any) -> None:
        if isinstance(field, forms.DateField | forms.DateTimeField):
            self._window(name).check(value)
        elif self._model_field_key(name) in validation.PERSON_NAME_FIELDS and value:
            validation.check_person_name(value)

    def _clean_fields(self) -> None:
        # As Django's, with the raw value checked before the field interprets it (a NUL byte
        # must not reach a database lookup of a choice or an occupation).
        for name, bf in self._bound_items():
            field = bf.field
            try:
                if not field.disabled and not _is_secret(field):
                    validation.check_raw(bf.data, multiline=_is_multiline(field))
                value = field._clean_bound_field(bf)
                self.cleaned_data[name] = value
                # The form's own check first: its message is the more specific one.
                if hasattr(self, f"clean_{name}"):
                    try:
                        self.cleaned_data[name] = getattr(self, f"clean_{name}")()
                    except OverflowError:
                        self._check_value(name, field, value)
                        raise
                self._check_value(name, field, value)
            except forms.ValidationError as error:
                self.add_error(name, error)


class LotseForm(HygieneMixin, forms.Form):
    pass


class LotseModelForm(HygieneMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class QuickSelect(forms.Select):
    """A ``<select>`` whose options are joined in Python instead of rendered one template each.
    For long flat lists: the audit trail's filter offers every project, 800 at the scale of all
    of Germany (0.5 s through the option templates on the loaded benchmark machine,
    ``benchmarks/germany.py``). Same markup; no option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(label)}</option>"
            for key, label in self.choices
        )
        final = self.build_attrs(self.attrs, attrs)
        return mark_safe(f'<select name="{escape(name)}"{flatatt(final)}>{options}</select>')  # noqa: S308 – every value is escaped
