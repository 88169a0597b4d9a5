"""A letter's content as PDF or DOCX, through ``lotse.lib.paper`` (WeasyPrint, docxtpl).

The PDF comes from ``letters/letter.html`` with ``letters/letter.css``: German beside the
translation in two columns, the translation's column marked with its ``lang`` and ``dir`` so
that Arabic and Persian are shaped and set right to left (Noto Naskh Arabic). The DOCX comes
from the committed template ``templates_docx/letter.docx`` (built by
``scripts/build_letter_template.py``), whose right-to-left paragraphs carry ``w:bidi`` and
``w:rtl``.
"""

from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from lotse.letters.content import LetterContent, Row
from lotse.letters.models import LetterFormat
from lotse.lib import paper

DOCX_TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "letter.docx"
HTML_TEMPLATE = "letters/letter.html"
STYLESHEET = "letters/letter.css"


def html(content: LetterContent) -> str:
    return paper.render_html(HTML_TEMPLATE, {"letter": content}, language="de")


def pdf(content: LetterContent) -> bytes:
    return paper.pdf_from_html(html(content), stylesheets=(STYLESHEET,))


def _lines(lines: list[str]) -> str:
    """Lines of one paragraph; docxtpl turns the newlines into line breaks."""
    return "\n".join(lines)


def _rows(rows: list[Row]) -> list[dict[str, str]]:
    return [{"german": _lines(r.german), "translation": _lines(r.translation)} for r in rows]


def docx_context(content: LetterContent) -> dict[str, Any]:
    consent = content.consent
    return {
        "bilingual": content.bilingual,
        "rtl": content.rtl,
        "lang": content.language,
        "language_name": content.language_name,
        "sender": " · ".join(content.sender),
        "recipient": _lines(content.recipient),
        "place_date": content.place_date,
        "subject": content.subject,
        "translated_subject": content.translated_subject,
        "rows": _rows(content.rows),
        "steps": [asdict(step) for step in content.steps],
        "consent": (
            {
                "title": consent.title,
                "version": consent.version,
                "rows": _rows(consent.rows),
                "translation_title": consent.translation_title or content.language_name,
                "missing_translation": consent.missing_translation,
            }
            if consent
            else None
        ),
        "signatures": content.signatures,
        "labels": _labels(),
    }


def _labels() -> dict[str, str]:
    """The DOCX's fixed words, in German (the paper's language)."""
    with translation.override("de"):
        return {
            "steps": _("Agreed steps"),
            "step": _("Step"),
            "responsible": _("Responsible"),
            "due": _("Due"),
            "status": _("Status"),
            "version": _("version %(version)s"),
            "missing": _("This consent text is not yet available in the chosen language."),
        }


def docx(content: LetterContent) -> bytes:
    return paper.docx_from_template(DOCX_TEMPLATE, docx_context(content))


def render(content: LetterContent, file_format: str) -> tuple[bytes, str]:
    """(the file, its content type)."""
    if file_format == LetterFormat.DOCX:
        return docx(content), paper.DOCX
    return pdf(content), paper.PDF
