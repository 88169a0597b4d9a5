"""The upload and edit forms of a document. The upload field's check is
``files.check_upload``: its refusals are errors at the field."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Mentee
from lotse.documents import files
from lotse.documents.models import Document
from lotse.lib.forms import DateInput, LotseModelForm


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
            "placement": mentee.placements.select_related("mentee"),
        }
        for name, queryset in rows.items():
            field = self.fields[name]
            field.queryset = queryset
            field.to_field_name = "public_id"


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
