"""The optional virus scan: ClamAV's daemon through its INSTREAM command, on the Unix socket
``LOTSE_CLAMD_SOCKET`` or at ``LOTSE_CLAMD_HOST``/``LOTSE_CLAMD_PORT``. Without either setting
nothing is scanned. When a scanner is configured but cannot answer, the upload is refused
(fail closed): a file that could not be scanned is not stored.

The protocol (clamd(8)): send ``zINSTREAM\\0``, then the data in chunks, each preceded by its
length as 4 bytes in network order, then a zero length; clamd answers ``stream: OK``,
``stream: <signature> FOUND`` or ``… ERROR``, terminated by a NUL byte.
"""

import logging
import socket
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024


def configured() -> bool:
    return bool(settings.LOTSE_CLAMD_SOCKET or settings.LOTSE_CLAMD_HOST)


def _connect() -> socket.socket:
    timeout = settings.LOTSE_CLAMD_TIMEOUT
    if settings.LOTSE_CLAMD_SOCKET:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(settings.LOTSE_CLAMD_SOCKET)
        return sock
    return socket.create_connection(
        (settings.LOTSE_CLAMD_HOST, settings.LOTSE_CLAMD_PORT), timeout=timeout
    )


def instream(data: bytes) -> str:
    """clamd's answer for ``data`` (without the NUL), e.g. ``"stream: OK"``."""
    with _connect() as sock:
        sock.sendall(b"zINSTREAM\0")
        for start in range(0, len(data), CHUNK):
            chunk = data[start : start + CHUNK]
            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        sock.sendall(struct.pack("!L", 0))
        answer = b""
        while not answer.endswith(b"\0") and len(answer) < 4096:
            part = sock.recv(4096)
            if not part:
                break
            answer += part
    return answer.rstrip(b"\0").decode("utf-8", "replace").strip()


def scan(data: bytes) -> None:
    """Refuse ``data`` with a ``ValidationError`` if clamd finds something or cannot scan it;
    do nothing when no scanner is configured."""
    if not configured():
        return
    try:
        answer = instream(data)
    except OSError as error:
        logger.warning("clamd not reachable: %s", type(error).__name__)
        answer = ""
    if answer.endswith("OK"):
        return
    if answer.endswith("FOUND"):
        logger.warning("clamd found malware in an upload")
        raise ValidationError(
            _("The virus scanner found malware in this file. It has not been stored."),
            code="virus",
        )
    if answer:
        logger.warning("clamd could not scan an upload: %s", answer[-80:])
    raise ValidationError(
        _("The file could not be checked for viruses just now. Please try again later."),
        code="scan_failed",
    )
