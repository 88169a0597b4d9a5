"""Personal access tokens: made and revoked by their user (audited), checked on every API
request, and the per-token rate limit."""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.accounts.twofactor import confirmed_app_device
from lotse.api.models import AccessToken
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record

SCHEME = "lotse"
PREFIX_LENGTH = 8
#: The lifetimes a user may choose, in days.
LIFETIMES = (7, 30, 90, 365)
#: Requests per token and window (seconds) unless ``settings.LOTSE_API_RATE_LIMIT`` says.
RATE_LIMIT = (300, 60)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def may_have_tokens(user: User) -> bool:
    """Tokens only for users with a confirmed second factor (while it is required)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return not settings.LOTSE_REQUIRE_2FA or confirmed_app_device(user) is not None


def _new_secret() -> tuple[str, str]:
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return prefix, f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"


@dataclass(frozen=True)
class NewToken:
    token: AccessToken
    #: The token itself, shown once and never stored.
    secret: str


@transaction.atomic
def token_create(*, actor: User, name: str, days: int) -> NewToken:
    """Make a token for ``actor`` valid for ``days`` days; the secret is returned once."""
    if not may_have_tokens(actor):
        raise PermissionDenied(_("Access tokens need a confirmed second factor."))
    if days not in LIFETIMES:
        raise ValidationError({"days": _("Please choose one of the offered lifetimes.")})
    prefix, secret = _new_secret()
    while AccessToken.objects.filter(prefix=prefix).exists():  # pragma: no cover - 1 in 4e9
        prefix, secret = _new_secret()
    now = timezone.now()
    token = AccessToken(
        user=actor,
        name=name,
        prefix=prefix,
        digest=digest(secret),
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=token,
        changes={"expires_at": [None, token.expires_at.date().isoformat()]},
    )
    return NewToken(token, secret)


@transaction.atomic
def token_revoke(*, actor: User, token: AccessToken) -> AccessToken:
    """Revoke one of ``actor``'s tokens; revoking a revoked token changes nothing."""
    locked = AccessToken.objects.select_for_update().get(pk=token.pk, user=actor)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"revoked_at": [None, locked.revoked_at.date().isoformat()]},
    )
    return locked


def tokens_for(user: User):
    return AccessToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_for(raw: str) -> AccessToken | None:
    """The active token ``raw`` names (of an active user who may have tokens), or ``None``."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME or len(parts[1]) != PREFIX_LENGTH:
        return None
    token = (
        AccessToken.objects.select_related("user")
        .filter(prefix=parts[1], revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, digest(raw.strip())):
        return None
    if not may_have_tokens(token.user):
        return None
    return token


def _limit() -> tuple[int, int]:
    return getattr(settings, "LOTSE_API_RATE_LIMIT", RATE_LIMIT)


def count_request(token: AccessToken) -> int | None:
    """Count one request of ``token`` in its window; the seconds to wait when the limit is
    reached, else ``None``. One conditional UPDATE on the token's row: a window older than
    the limit's starts again at one, so concurrent workers never lose a count."""
    limit, seconds = _limit()
    now = timezone.now()
    fresh = {"window_started__gt": now - datetime.timedelta(seconds=seconds)}
    rows = AccessToken.objects.filter(pk=token.pk)
    rows.update(
        window_count=Case(When(**fresh, then=F("window_count") + 1), default=Value(1)),
        window_started=Case(When(**fresh, then=F("window_started")), default=Value(now)),
        last_used_at=now,
    )
    count, started = rows.values_list("window_count", "window_started").get()
    if count <= limit:
        return None
    return max(1, int((started + datetime.timedelta(seconds=seconds) - now).total_seconds()) + 1)
