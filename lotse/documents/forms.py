"""The upload and edit forms of a document. The upload field's check is
``files.check_upload``: its refusals are errors at the field."""

import functools
from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Mentee
from lotse.documents import files
from lotse.documents.models import Document
from lotse.lib.forms import DateInput, LotseModelForm

#: The form's choices that the mentee page prefetches (``cases.selectors.page_prefetches``),
#: with the same ordering and related rows as the form's own querysets.
_PREFETCHED = {"residence_status": "residence_statuses", "qualification": "qualifications"}


class _RowsIterator(ModelChoiceIterator):
    """The choices of a model choice field from rows already read, or else from its queryset
    read once when the choices are first needed, as a plain query (``ModelChoiceIterator``
    reads it through a server-side cursor on PostgreSQL: three round trips)."""

    def __init__(self, field: forms.ModelChoiceField, *, rows: list[Any] | None = None) -> None:
        super().__init__(field)
        self._rows = rows

    @property
    def rows(self) -> list[Any]:
        if self._rows is None:
            self._rows = list(self.queryset)
        return self._rows

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.rows:
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self.rows) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.rows)


class DocumentForm(LotseModelForm):
    """Kind, description, dates and the record the document proves (the mentee's own)."""

    class Meta:
        model = Document
        fields = [
            "kind",
            "title",
            "issued_on",
            "expires_on",
            "residence_status",
            "qualification",
            "course",
            "placement",
        ]
        widgets = {"issued_on": DateInput(), "expires_on": DateInput()}

    def __init__(self, *args: Any, mentee: Mentee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = {
            "residence_status": mentee.residence_statuses.select_related("title"),
            "qualification": mentee.qualifications.all(),
            "course": mentee.courses.all(),
            # Each row's mentee is this one (the related manager sets it): no join.
            "placement": mentee.placements.all(),
        }
        # The mentee page has prefetched the first two (same rows, same order): its form lists
        # them without a query of its own. Validation still reads ``queryset``.
        prefetched = getattr(mentee, "_prefetched_objects_cache", {})
        for name, queryset in rows.items():
            field = self.fields[name]
            field.queryset = queryset
            field.to_field_name = "public_id"
            cached = prefetched.get(_PREFETCHED.get(name, ""))
            rows_read = None if cached is None else list(cached)
            field.iterator = functools.partial(_RowsIterator, rows=rows_read)
            field.widget.choices = field.choices


class DocumentUploadForm(DocumentForm):
    upload = forms.FileField(
        label=_("file"),
        help_text=_("PDF, JPEG, PNG or Word (DOCX), at most %(mb)s MB."),
        error_messages={
            "required": _("Please choose a file."),
            "invalid": _("No file was received. Please choose the file again."),
            "empty": _("The file is empty."),
        },
    )

    field_order = ["upload", *DocumentForm.Meta.fields]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.conf import settings

        field = self.fields["upload"]
        field.help_text = field.help_text % {"mb": settings.LOTSE_DOCUMENT_MAX_MB}
        field.widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx"

    def clean_upload(self) -> files.CheckedFile:
        return files.check_upload(self.cleaned_data["upload"])
