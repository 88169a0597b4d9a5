"""Erasure reviews: withdrawing the consent to case management (or a request) opens one; the
project lead or the data protection officer decides within a month (Art. 12(3) GDPR) to erase
the record now or to keep it for a legal reason (Art. 17(3) GDPR)."""

import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.selectors import is_data_protection_officer, lead_project_ids_for
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record
from lotse.cases.models import Mentee
from lotse.lib.concurrency import claim_version
from lotse.lib.dates import add_months
from lotse.privacy.erasure import erase_mentee, may_erase
from lotse.privacy.models import ErasureReview, KeepReason, ReviewDecision, ReviewReason

#: Months within which a review is to be decided (Art. 12(3) GDPR: one month).
DECIDE_WITHIN_MONTHS = 1


def reviews_for(user: Any) -> QuerySet[ErasureReview]:
    """The reviews the user may see and decide: all for the data protection officer, those of
    their projects for a project lead, none for anybody else."""
    qs = ErasureReview.objects.select_related("mentee__project", "decided_by")
    if is_data_protection_officer(user):
        return qs
    return qs.filter(mentee__project_id__in=lead_project_ids_for(user))


def review_for(user: Any, public_id: UUID | str) -> ErasureReview:
    return get_object_or_404(reviews_for(user), public_id=public_id)


def review_open(*, actor: Any, mentee: Mentee, reason: str) -> ErasureReview | None:
    """Open a review for ``mentee`` unless one is open already (then that one is returned) or
    the record is erased (``None``). Runs in the caller's transaction."""
    with transaction.atomic():
        if Mentee.objects.filter(pk=mentee.pk, erased_at__isnull=False).exists():
            return None
        review = ErasureReview.objects.filter(mentee=mentee, decision=ReviewDecision.OPEN).first()
        if review is not None:
            return review
        review = ErasureReview(
            mentee=mentee,
            reason=reason,
            due_on=add_months(timezone.localdate(), DECIDE_WITHIN_MONTHS),
        )
        review.full_clean()
        review.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=review,
            mentee=mentee,
            changes={"reason": [None, reason]},
        )
        return review


def review_open_on_withdrawal(*, actor: Any, mentee: Mentee) -> ErasureReview | None:
    """The consequence of withdrawing the consent to case management (``cases.services``)."""
    return review_open(actor=actor, mentee=mentee, reason=ReviewReason.CONSENT_WITHDRAWN)


def review_decide(
    *,
    actor: Any,
    review: ErasureReview,
    version: object,
    decision: str,
    keep_reason: str = "",
    keep_until: datetime.date | None = None,
) -> ErasureReview:
    """Decide an open review: ``erase`` anonymises the record at once (``erase_mentee``),
    ``keep`` needs a legal reason and, optionally, the date until which it holds."""
    with transaction.atomic():
        review = (
            ErasureReview.objects.select_for_update().select_related("mentee").get(pk=review.pk)
        )
        if not may_erase(actor, review.mentee):
            raise PermissionDenied
        if not review.is_open:
            raise ValidationError(_("This review has already been decided."))
        if decision not in (ReviewDecision.ERASE, ReviewDecision.KEEP):
            raise ValidationError({"decision": _("Choose whether to erase or to keep.")})
        if decision == ReviewDecision.KEEP and keep_reason not in KeepReason.values[1:]:
            raise ValidationError(
                {"keep_reason": _("Say which legal reason requires keeping the record.")}
            )
        if decision == ReviewDecision.ERASE:
            keep_reason, keep_until = "", None
        claim_version(review, version)
        review.decision = decision
        review.keep_reason = keep_reason
        review.keep_until = keep_until
        review.decided_at = timezone.now()
        review.decided_by = actor
        review.full_clean()
        review.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=review,
            mentee=review.mentee,
            changes={"decision": ["", decision], "keep_reason": ["", keep_reason]},
        )
        if decision == ReviewDecision.ERASE:
            erase_mentee(actor=actor, mentee=review.mentee)
        return review
