"""Form helpers: errors tied to their fields for screen readers, and date inputs."""

from django import forms


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


class LotseForm(forms.Form):
    bound_field_class = AccessibleBoundField


class LotseModelForm(forms.ModelForm):
    bound_field_class = AccessibleBoundField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
