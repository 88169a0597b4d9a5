"""Before a new case file: search whether the person is known (``identity``), and the transfer
requests between projects (``transfers``)."""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lotse.accounts.models import Project
from lotse.accounts.selectors import lead_project_ids_for, projects_for
from lotse.audit.services import note_shown
from lotse.cases.identity import search_person
from lotse.cases.models import ConsentMethod, TransferRequest, TransferStatus
from lotse.cases.transfers import transfer_decide, transfer_request
from lotse.lib.forms import DateInput, LotseForm, PhoneField
from lotse.lib.views import apply_service_errors


class IdentitySearchForm(LotseForm):
    date_windows = {"birth_date": "cases.Mentee.birth_date"}
    first_name = forms.CharField(label=gettext_lazy("first name"), max_length=100)
    last_name = forms.CharField(label=gettext_lazy("last name"), max_length=100)
    birth_date = forms.DateField(
        label=gettext_lazy("date of birth"), required=False, widget=DateInput()
    )
    phone = PhoneField(label=gettext_lazy("phone"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].error_messages["required"] = gettext_lazy(
            "Please enter the first name."
        )
        self.fields["last_name"].error_messages["required"] = gettext_lazy(
            "Please enter the last name."
        )


class TransferRequestForm(LotseForm):
    date_windows = {"consent_on": "cases.TransferRequest.consent_on"}
    mentee = forms.UUIDField(widget=forms.HiddenInput)
    to_project = forms.ModelChoiceField(
        label=gettext_lazy("into my project"), queryset=Project.objects.none()
    )
    consent_on = forms.DateField(
        label=gettext_lazy("the mentee agreed to the hand-over on"), widget=DateInput()
    )
    consent_method = forms.ChoiceField(
        label=gettext_lazy("how the mentee agreed"), choices=ConsentMethod.choices
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        projects = projects_for(user)
        self.fields["to_project"].queryset = projects
        if projects.count() == 1:
            self.fields["to_project"].initial = projects.first().pk
        self.fields["consent_on"].initial = timezone.localdate()


class TransferDecisionForm(LotseForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("decision"),
        choices=[
            ("accept", gettext_lazy("hand the case file over")),
            ("refuse", gettext_lazy("refuse")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("reason for a refusal"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def search_step(request: HttpRequest) -> HttpResponse:
    """Step 1 of a new case file (``cases:create`` without ``searched``)."""
    form = IdentitySearchForm(request.GET if "last_name" in request.GET else None)
    result = None
    create_query = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        result = search_person(request.user, **data)
        note_shown(request, result.own)
        # Knowing that someone is in another project is itself personal data: noted too.
        note_shown(request, [hit.mentee_public_id for hit in result.elsewhere])
        create_query = urlencode(
            {
                "searched": "1",
                "first_name": data["first_name"],
                "last_name": data["last_name"],
                "birth_date": data["birth_date"].isoformat() if data["birth_date"] else "",
            }
        )
    return render(
        request,
        "cases/mentee_search.html",
        {
            "form": form,
            "result": result,
            "create_query": create_query,
            "transfer_form": TransferRequestForm(user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def transfer_request_view(request: HttpRequest) -> HttpResponse:
    """The request form on a page of its own (``?mentee=`` from the search); the search page
    posts the same form inline."""
    if not projects_for(request.user).exists():
        raise Http404
    if request.method == "GET":
        # Reached from the search with the person's id; without it there is nothing to ask for.
        try:
            chosen = forms.UUIDField(required=False).clean(request.GET.get("mentee") or None)
        except ValidationError:
            chosen = None
        form = (
            TransferRequestForm(user=request.user, initial={"mentee": chosen}) if chosen else None
        )
        return render(request, "cases/transfer_request.html", {"form": form})
    form = TransferRequestForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            transfer_request(
                actor=request.user,
                mentee_public_id=str(data["mentee"]),
                to_project=data["to_project"],
                consent_on=data["consent_on"],
                consent_method=data["consent_method"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The request has been sent to the project that holds the case file. You will "
                    "see the file in your list once its lead has handed it over."
                ),
            )
            return redirect("cases:transfers")
    return render(request, "cases/transfer_request.html", {"form": form})


@login_required
def transfers(request: HttpRequest) -> HttpResponse:
    """Requests to decide (for leads) and the requests the user's projects made."""
    from lotse.cases.transfers import transfers_requested, transfers_to_decide

    if not projects_for(request.user).exists():
        raise Http404
    to_decide = transfers_to_decide(request.user)
    note_shown(request, [t.mentee for t in to_decide])
    return render(
        request,
        "cases/transfers.html",
        {
            "to_decide": to_decide,
            "requested": transfers_requested(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def transfer_decide_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    transfer = get_object_or_404(
        TransferRequest.objects.select_related("mentee", "to_project", "from_project"),
        public_id=public_id,
        from_project_id__in=lead_project_ids_for(request.user),
        status=TransferStatus.OPEN,
    )
    form = TransferDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            transfer_decide(
                actor=request.user,
                request=transfer,
                accept=accept,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The case file of %(name)s has been handed over to %(project)s.")
                % {"name": transfer.mentee, "project": transfer.to_project}
                if accept
                else _("The request has been refused."),
            )
            return redirect("cases:transfers")
    note_shown(request, [transfer.mentee])
    return render(request, "cases/transfer_decide.html", {"form": form, "transfer": transfer})
