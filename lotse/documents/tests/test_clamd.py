"""The virus-scan hook against a fake clamd that speaks INSTREAM on a Unix socket and on TCP."""

import os
import socket
import socketserver
import struct
import tempfile
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lotse.documents import clamd, files
from lotse.documents.tests import samples

EICAR_MARK = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


class FakeClamd(socketserver.BaseRequestHandler):
    """Reads one INSTREAM command like clamd and answers OK or FOUND (or ERROR)."""

    received: list[bytes] = []

    def handle(self) -> None:
        command = b""
        while not command.endswith(b"\0"):
            command += self.request.recv(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while True:
            (length,) = struct.unpack("!L", self._exactly(4))
            if length == 0:
                break
            data += self._exactly(length)
        self.received.append(data)
        if b"BREAK" in data:
            answer = b"stream: INSTREAM size limit exceeded. ERROR\0"
        elif EICAR_MARK in data:
            answer = b"stream: Eicar-Test-Signature FOUND\0"
        else:
            answer = b"stream: OK\0"
        self.request.sendall(answer)

    def _exactly(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            part = self.request.recv(n - len(data))
            if not part:
                raise ConnectionError
            data += part
        return data


@pytest.fixture
def unix_clamd(settings):
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "clamd.sock")
    server = socketserver.ThreadingUnixStreamServer(path, FakeClamd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LOTSE_CLAMD_SOCKET = path
    FakeClamd.received = []
    yield server
    server.shutdown()
    server.server_close()
    os.unlink(path)
    os.rmdir(folder)


@pytest.fixture
def tcp_clamd(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), FakeClamd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LOTSE_CLAMD_SOCKET = ""
    settings.LOTSE_CLAMD_HOST = "127.0.0.1"
    settings.LOTSE_CLAMD_PORT = server.server_address[1]
    FakeClamd.received = []
    yield server
    server.shutdown()
    server.server_close()


def test_without_a_setting_nothing_is_scanned(settings):
    settings.LOTSE_CLAMD_SOCKET = ""
    settings.LOTSE_CLAMD_HOST = ""
    assert not clamd.configured()
    clamd.scan(b"anything")  # no socket, no error


def test_a_clean_file_passes_and_the_whole_file_is_streamed_in_chunks(unix_clamd):
    data = samples.pdf_bytes() + b"%" + b"x" * (3 * clamd.CHUNK)  # several chunks
    clamd.scan(data)
    assert FakeClamd.received == [data]


def test_a_virus_is_refused_at_the_field(tcp_clamd):
    content = samples.pdf_bytes() + b"%" + EICAR_MARK
    with pytest.raises(ValidationError) as caught:
        files.check_upload(SimpleUploadedFile("a.pdf", content))
    assert caught.value.code == "virus"


def test_a_scanner_error_refuses_the_file(unix_clamd):
    with pytest.raises(ValidationError) as caught:
        clamd.scan(b"BREAK")
    assert caught.value.code == "scan_failed"


def test_an_unreachable_scanner_refuses_the_file(settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.LOTSE_CLAMD_SOCKET = ""
    settings.LOTSE_CLAMD_HOST = "127.0.0.1"
    settings.LOTSE_CLAMD_PORT = port
    with pytest.raises(ValidationError) as caught:
        clamd.scan(b"data")
    assert caught.value.code == "scan_failed"


@pytest.mark.django_db
def test_an_upload_with_a_virus_stores_nothing(client, alice, mentee, tcp_clamd):
    from django.urls import reverse

    from lotse.documents.models import Document

    client.force_login(alice)
    content = samples.pdf_bytes() + b"%" + EICAR_MARK
    response = client.post(
        reverse("documents:upload", args=[mentee.public_id]),
        {"upload": SimpleUploadedFile("a.pdf", content), "kind": "other"},
    )
    assert "Schadsoftware" in response.context["form"].errors["upload"][0]
    assert not Document.objects.exists()
