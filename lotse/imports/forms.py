"""The forms of the import: upload, column mapping and the decisions per row."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.imports.columns import COLUMNS
from lotse.imports.models import DUPLICATE_DECISIONS, ImportBatch, ImportKind, RowDecision
from lotse.imports.reading import max_bytes
from lotse.imports.selectors import import_projects_for
from lotse.imports.workbooks import column_letter
from lotse.lib.forms import LotseForm


class UploadForm(LotseForm):
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Excel workbook (.xlsx) or CSV (UTF-8 or Windows-1252), the column headers "
            "in the first row."
        ),
    )
    sheet = forms.CharField(
        label=_("Sheet"),
        required=False,
        max_length=100,
        help_text=_("Only for a workbook with several sheets; empty: the first sheet."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = import_projects_for(user)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv,.txt"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB. Split it into several files."),
                params={"size": max_bytes() // (1024 * 1024)},
            )
        return upload


class MappingForm(LotseForm):
    """One choice per column of the file: the field it fills, or none."""

    def __init__(self, *args: Any, batch: ImportBatch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.batch = batch
        self.columns = COLUMNS[batch.kind]
        choices = [("", _("– do not import –"))] + [
            (c.key, f"{c.label} *" if c.required else str(c.label)) for c in self.columns
        ]
        chosen = {index: key for key, index in batch.mapping.items()}
        for index, header in enumerate(batch.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=f"{column_letter(index)}: {header or '–'}",
                choices=choices,
                required=False,
                initial=chosen.get(index, ""),
            )
            example = next((row[index] for row in self.examples if row[index]), "")
            if example:
                self.fields[f"column_{index}"].help_text = _("e.g. %(value)s") % {
                    "value": example[:60]
                }

    @property
    def examples(self) -> list[list[str]]:
        if not hasattr(self, "_examples"):
            rows = self.batch.rows.order_by("number")[:3]
            self._examples = [
                (row.cells + [""] * len(self.batch.headers))[: len(self.batch.headers)]
                for row in rows
            ]
        return self._examples

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        used: dict[str, str] = {}
        for name, key in data.items():
            if not key:
                continue
            if key in used:
                self.add_error(name, _("This field is already assigned to another column."))
            used[key] = name
        for col in self.columns:
            if col.required and col.key not in used:
                self.add_error(
                    None,
                    _("Assign a column to “%(field)s”: it is required.") % {"field": col.label},
                )
        return data

    def mapping(self) -> dict[int, str]:
        return {
            int(name.removeprefix("column_")): key for name, key in self.cleaned_data.items() if key
        }


class DecisionForm(LotseForm):
    """The decision for each row shown on the preview page."""

    action = forms.ChoiceField(choices=[("save", "save"), ("import", "import")], required=False)

    def __init__(self, *args: Any, rows: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            if row.duplicates:
                choices = [(d.value, d.label) for d in (*DUPLICATE_DECISIONS, RowDecision.EXCLUDE)]
                self.fields[f"row_{row.number}"] = forms.ChoiceField(
                    label=_("Row %(row)s") % {"row": row.number},
                    choices=choices,
                    initial=row.decision,
                    widget=forms.RadioSelect,
                )
            elif row.errors:
                self.fields[f"row_{row.number}"] = forms.BooleanField(
                    label=_("Leave row %(row)s out") % {"row": row.number},
                    required=False,
                    initial=row.decision == RowDecision.EXCLUDE,
                )

    def decisions(self) -> dict[int, str]:
        result = {}
        for row in self.rows:
            name = f"row_{row.number}"
            if name not in self.fields:
                continue
            value = self.cleaned_data.get(name)
            if isinstance(value, bool):
                value = RowDecision.EXCLUDE if value else RowDecision.IMPORT
            if value:
                result[row.number] = value
        return result


class BulkForm(LotseForm):
    which = forms.ChoiceField(choices=[("errors", "errors"), ("duplicates", "duplicates")])
    decision = forms.ChoiceField(choices=RowDecision.choices)
