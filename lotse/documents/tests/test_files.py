"""The content checks of an upload (``lotse.documents.files``): each kind of bad file is
refused with its message, good files pass, images lose their metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lotse.documents import files
from lotse.documents.models import FileType
from lotse.documents.tests import samples


def check(name: str, content: bytes) -> files.CheckedFile:
    return files.check_upload(SimpleUploadedFile(name, content))


def refused(name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check(name, content)
    return caught.value


@pytest.mark.parametrize(
    ("name", "content", "file_type"),
    [
        ("Zeugnis.pdf", samples.pdf_bytes(), FileType.PDF),
        ("foto.JPG", samples.png_bytes(fmt="JPEG"), FileType.JPEG),
        ("scan.png", samples.png_bytes(), FileType.PNG),
        ("Lebenslauf.docx", samples.docx_bytes(), FileType.DOCX),
        ("ohne-endung", samples.pdf_bytes(), FileType.PDF),
    ],
)
def test_it_accepts_the_four_types_recognised_from_the_content(name, content, file_type):
    checked = check(name, content)
    assert checked.content_type == file_type
    assert checked.original_name.endswith(files.EXTENSIONS[file_type])


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("leer.pdf", b"", "empty"),
        ("script.pdf", b"#!/bin/sh\nrm -rf ~\n", "type"),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "type"),
        ("programm.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "type"),
        ("notiz.jpg", b"just some text", "type"),
        ("bild.pdf", samples.png_bytes(), "extension"),
        ("geheim.pdf", samples.pdf_bytes(encrypt=True), "encrypted"),
        ("aktiv.pdf", samples.pdf_bytes(javascript=True), "active_content"),
        ("start.pdf", samples.pdf_bytes(launch=True), "active_content"),
        ("kaputt.pdf", b"%PDF-1.7\n garbage without objects", "damaged"),
        ("mehr.pdf", samples.pdf_bytes() + samples.zip_bytes(), "polyglot"),
        ("kaputt.png", samples.png_bytes()[:30], "damaged"),
        ("makro.docx", samples.docx_bytes(macro=True), "macros"),
        ("makro2.docx", samples.docx_bytes(main=samples.DOCM_MAIN), "macros"),
        ("archiv.docx", samples.zip_bytes(), "type"),
        ("tabelle.docx", samples.docx_bytes(main="application/vnd.ms-excel"), "type"),
        ("doppelt.pdf", b"%PDF-1.4\n" + samples.docx_bytes(), "polyglot"),
    ],
)
def test_it_refuses_each_kind_of_bad_file_with_a_message(name, content, code):
    error = refused(name, content)
    assert error.code == code
    assert error.messages[0]


def test_it_refuses_a_file_over_the_limit(settings):
    settings.LOTSE_DOCUMENT_MAX_MB = 1
    error = refused("gross.pdf", samples.pdf_bytes() + b" " * (1024 * 1024))
    assert error.code == "too_large"
    assert "1 MB" in error.messages[0]


def test_a_jpeg_is_re_encoded_without_exif_and_gps():
    original = samples.jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()  # the sample has metadata
    checked = check("foto.jpg", original)
    image = Image.open(io.BytesIO(checked.content))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert b"PhoneMaker" not in checked.content
    assert image.size == (8, 6)


def test_a_png_loses_its_text_chunks_and_what_was_appended():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Amina Haddad")
    out = io.BytesIO()
    Image.new("RGB", (3, 3)).save(out, format="PNG", pnginfo=info)
    checked = check("scan.png", out.getvalue() + b"<script>alert(1)</script>")
    assert b"Amina" not in checked.content
    assert b"<script>" not in checked.content
    assert Image.open(io.BytesIO(checked.content)).size == (3, 3)


def test_the_name_keeps_no_path_or_control_characters():
    checked = check("../../etc/\u202epasswd\x00.pdf", samples.pdf_bytes())
    assert checked.original_name == "passwd.pdf"
