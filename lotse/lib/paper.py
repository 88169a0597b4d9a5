"""Paper: documents Lotse hands out as PDF (WeasyPrint) or DOCX (docxtpl), and their downloads.

One place for what every paper shares: A4 with date and page numbers (``lotse/paper.css``), the
Noto fonts from Debian (Latin, Cyrillic, Arabic and Persian, right to left where the text says
``dir="rtl"``), the language the paper is written in, and a download that is an attachment,
never cached and never sniffed. Apps render their own templates and call these functions;
none of them imports WeasyPrint or docxtpl itself.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: The stylesheet every PDF gets; an app may add its own after it.
BASE_STYLESHEET = "lotse/paper.css"


def render_html(
    template: str,
    context: dict[str, Any],
    *,
    request: HttpRequest | None = None,
    language: str | None = None,
) -> str:
    """The template rendered in ``language`` (the current one when None)."""
    with translation.override(language or translation.get_language()):
        return render_to_string(template, context, request=request)


def pdf_from_html(html: str, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    """The PDF of ``html`` with the paper stylesheet and ``stylesheets`` (static paths)."""
    from weasyprint import CSS, HTML  # loaded on demand: Pango is heavy

    sheets = []
    for name in (BASE_STYLESHEET, *stylesheets):
        path = finders.find(name)
        if path:
            sheets.append(CSS(filename=path))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=sheets)


def pdf_from_template(
    template: str,
    context: dict[str, Any],
    *,
    request: HttpRequest | None = None,
    language: str | None = None,
    stylesheets: tuple[str, ...] = (),
) -> bytes:
    """The template rendered in ``language`` and laid out as PDF."""
    html = render_html(template, context, request=request, language=language)
    return pdf_from_html(html, stylesheets=stylesheets)


def docx_from_template(
    path: Path | str,
    context: dict[str, Any],
    *,
    images: dict[str, tuple[bytes, float]] | None = None,
) -> bytes:
    """A DOCX from a docxtpl template; values are escaped (a name "<x & y>" stays text).
    ``images`` maps a context name to an image's bytes and its width in centimetres (shown
    where the template says ``{{ name }}``)."""
    from docx.shared import Cm
    from docxtpl import DocxTemplate, InlineImage

    document = DocxTemplate(str(path))
    pictures = {
        name: InlineImage(document, io.BytesIO(content), width=Cm(width))
        for name, (content, width) in (images or {}).items()
    }
    document.render({**context, **pictures}, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def file_name(parts: list[Any], extension: str) -> str:
    """A download's name from its parts ("Stundennachweis", "2026-11", a project's name …):
    characters that Windows or a header cannot carry become spaces, runs of spaces one."""
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", " ".join(str(p) for p in parts))
    return f"{' '.join(stem.split())}.{extension}"


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """An attachment that no browser caches or opens as something else."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
