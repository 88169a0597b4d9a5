"""The client address for login throttling, behind a known number of proxies.

``X-Forwarded-For`` is trusted only as far as ``LOTSE_PROXY_COUNT`` proxies of one's own have
written it: each appends the address it received the request from, so the client is the entry
that many places from the end. Entries further left could be sent by the client itself.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    count = settings.LOTSE_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
