"""Personal access tokens for the JSON API.

A token is ``lotse_<prefix>_<secret>``: the prefix (8 characters) finds the row, the whole token
is compared by its SHA-256 digest, so the database never holds a usable token. The token is
shown once, when it is made. Each token counts its requests in a fixed window on its own row
(``window_started``, ``window_count``), updated by one conditional ``UPDATE`` per request: the
limit holds across gunicorn workers and machines without a cache server.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.lib.models import PublicIdModel


class AccessToken(PublicIdModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, unique=True)
    digest = models.CharField(_("SHA-256 digest"), max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    window_started = models.DateTimeField(_("rate window started"), null=True, blank=True)
    window_count = models.PositiveIntegerField(_("requests in the rate window"), default=0)

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
