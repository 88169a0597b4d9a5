"""The mentor's choices for a CV: which personal details, which photo, the place."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Mentee
from lotse.cv.models import CvFormat, Detail
from lotse.cv.selectors import photo_documents
from lotse.lib.forms import LotseForm

#: Ticked when the page opens: what an application needs to reach the person.
DEFAULT_DETAILS = [Detail.NAME, Detail.ADDRESS, Detail.PHONE, Detail.EMAIL]
PREVIEW = "preview"


class CvForm(LotseForm):
    details = forms.MultipleChoiceField(
        label=_("Personal details on the CV"),
        choices=Detail.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what is ticked appears on the CV."),
    )
    photo = forms.ModelChoiceField(
        label=_("Photo"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("no photo"),
        help_text=_("An image from the mentee's documents (JPEG or PNG)."),
    )
    place = forms.CharField(
        label=_("Place (for “place, date” at the end)"), max_length=100, required=False
    )
    output = forms.ChoiceField(
        choices=[(PREVIEW, _("Preview")), *CvFormat.choices],
        required=False,
        widget=forms.HiddenInput,  # sent by the button pressed; a PDF when none is
    )

    def __init__(self, *args: Any, user: Any, mentee: Mentee, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "details": DEFAULT_DETAILS,
                "place": mentee.place.place if mentee.place else "",
            },
        )
        super().__init__(*args, **kwargs)
        field: Any = self.fields["photo"]
        field.queryset = photo_documents(user, mentee)
        field.label_from_instance = lambda d: f"{d} ({d.original_name})"

    def clean_output(self) -> str:
        return self.cleaned_data.get("output") or CvFormat.PDF
