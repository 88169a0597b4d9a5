"""The data protection officer's audit trail: a filtered list and its CSV export.

What is logged about reading the trail itself: browsing the whole trail is not recorded (it would
only record itself), but **filtering by a mentee** writes a ``view`` row carrying that mentee's id,
and **every CSV export** writes an ``export`` row with the filters used. So a person's own trail
shows when the data protection officer looked into it, and no copy of the trail leaves Lotse
unrecorded.
"""

import csv
import itertools
import json
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lotse.accounts.models import Project
from lotse.accounts.selectors import is_data_protection_officer
from lotse.audit.forms import AuditFilterForm, object_type_label
from lotse.audit.models import AuditAction, AuditEvent
from lotse.audit.selectors import audit_events_for, resolve_labels
from lotse.audit.services import audit_trail_access_record
from lotse.lib import keyset
from lotse.lib.views import filter_query

PAGE_SIZE = 50
#: What a ``view`` row of a page keeps in ``changes`` (not changed fields).
VIEW_KEYS = ("page", "shown", "shown_count")


def _shown_count(event: AuditEvent) -> int:
    shown = event.changes.get("shown") if isinstance(event.changes, dict) else None
    if not isinstance(shown, list):
        return 0
    return int(event.changes.get("shown_count") or len(shown))


def _dpo_only(request: HttpRequest) -> None:
    """Everyone but the data protection officer gets a 404, as for any page they may not see."""
    if not is_data_protection_officer(request.user):
        raise Http404


def _filter_form(request: HttpRequest) -> AuditFilterForm:
    return AuditFilterForm(request.GET or None)


def _used_filters(form: AuditFilterForm) -> dict:
    return {
        name: form.cleaned_data.get(name)
        for name in form.fields
        if form.cleaned_data.get(name) not in (None, "")
    }


def _keys(request: HttpRequest) -> tuple[keyset.Key | None, keyset.Key | None, str]:
    """The page asked for (before, after) and, for a link that is no page's, a message."""
    try:
        before, after = keyset.keys_from(request.GET)
    except keyset.InvalidKey:
        return None, None, _("This page link is not valid. The newest entries are shown.")
    return before, after, ""


@require_GET
@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """The trail newest first, paged by key ("older"/"newer" by time and id): no count and no
    offset, so a page costs the same at the 50th row and at the 5 millionth."""
    _dpo_only(request)
    form = _filter_form(request)
    page = None
    before, after, key_error = _keys(request)
    if not form.is_bound or form.is_valid():
        filters = form.to_filter() if form.is_bound else None
        events = audit_events_for(request.user, filters)
        # read before this access is recorded
        page = keyset.keyset_page(
            events, field="occurred_at", before=before, after=after, size=PAGE_SIZE
        )
        if filters is not None and filters.mentee_id is not None:
            audit_trail_access_record(
                actor=request.user,
                action=AuditAction.VIEW,
                filters=_used_filters(form),
                mentee_id=filters.mentee_id,
            )
        resolve_labels(request.user, page.object_list)
        for event in page.object_list:
            event.object_type_label = object_type_label(event.object_type)
            event.shown_count = _shown_count(event)
            event.changed_names = [n for n in event.changes if n not in VIEW_KEYS]
    return render(
        request,
        "audit/list.html",
        {
            "form": form,
            "page": page,
            "key_error": key_error,
            "query": filter_query(request, without=("page", *keyset.PARAMETERS)),
        },
    )


def _cell(value: object) -> object:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection): text that
    starts with = + - @ or a control character gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(events) -> Iterator[list]:
    meta = AuditEvent._meta
    yield [
        str(meta.get_field(name).verbose_name)
        for name in (
            "occurred_at",
            "actor",
            "action",
            "object_type",
            "object_id",
            "mentee_id",
            "project_id",
            "changes",
            "reason",
        )
    ]
    projects = dict(Project.objects.values_list("pk", "name"))
    for event in events.iterator(chunk_size=2000):
        yield [
            timezone.localtime(event.occurred_at).isoformat(timespec="seconds"),
            event.actor.username if event.actor else "",
            event.get_action_display(),
            event.object_type,
            event.object_id,
            str(event.mentee_id or ""),
            projects.get(event.project_id, event.project_id or ""),
            json.dumps(event.changes, ensure_ascii=False) if event.changes else "",
            event.reason,
        ]


@require_GET
@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered trail as CSV (streamed, so a long trail does not fill the memory)."""
    _dpo_only(request)
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        return render(request, "audit/list.html", {"form": form, "page": None}, status=400)
    filters = form.to_filter() if form.is_bound else None
    # The export holds the trail as it was when asked for, without its own record.
    newest = AuditEvent.objects.aggregate(newest=Max("pk"))["newest"] or 0
    events = audit_events_for(request.user, filters).filter(pk__lte=newest)
    audit_trail_access_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        filters=_used_filters(form) if form.is_bound else {},
        mentee_id=filters.mentee_id if filters else None,
    )
    writer = csv.writer(_Echo(), delimiter=";")
    lines = (writer.writerow([_cell(v) for v in row]) for row in _csv_rows(events))
    response = StreamingHttpResponse(
        itertools.chain(["\ufeff"], lines),  # the BOM lets spreadsheet programs read UTF-8
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response
