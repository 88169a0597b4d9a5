"""Reported barriers (the accessibility statement's feedback form, BITV 2.0 § 7 (1) 2): the form
anyone may send, with or without a login, and the services that store a report and mark it
answered. The operator reads them in the administration (``ops.admin``)."""

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record
from lotse.lib.forms import LotseModelForm
from lotse.ops.models import BarrierReport, BarrierStatus


class BarrierReportForm(LotseModelForm):
    class Meta:
        model = BarrierReport
        fields = ["page", "description", "contact_name", "contact_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "page": _("The address or the name of the page, e.g. “Mentees” or “My day”."),
            "description": _("What did you try to do, and what got in the way?"),
            "contact_email": _("Only if you would like an answer."),
        }


def answer_due(received: datetime.date) -> datetime.date:
    return received + datetime.timedelta(days=settings.LOTSE_ACCESSIBILITY_ANSWER_DAYS)


def barrier_report_create(*, actor: Any, **values: Any) -> BarrierReport:
    """Store a reported barrier for the operator; the audit row names no reporter."""
    with transaction.atomic():
        report = BarrierReport(answer_due=answer_due(timezone.localdate()), **values)
        report.full_clean()
        report.save()
        audit_record(actor=actor, action=AuditAction.CREATE, obj=report, reason="barrier")
    return report


def barrier_report_answered(*, actor: Any, report: BarrierReport) -> BarrierReport:
    """Mark a report answered (the answer itself goes out by e-mail or phone)."""
    with transaction.atomic():
        if report.status == BarrierStatus.ANSWERED:
            return report
        report.status = BarrierStatus.ANSWERED
        report.answered_at = timezone.now()
        report.save(update_fields=["status", "answered_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=report,
            changes={"status": [BarrierStatus.OPEN, BarrierStatus.ANSWERED]},
            reason="barrier",
        )
    return report
