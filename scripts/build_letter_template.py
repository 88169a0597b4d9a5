"""Build the letter template (``lotse/letters/templates_docx/letter.docx``).

    .venv/bin/python scripts/build_letter_template.py

The template is data: a Word document with docxtpl (Jinja) tags that
``lotse/letters/output.py`` fills in: the letter head, the subject, German beside the
translation in a two-column table (or German alone), the agreed steps, the consent text and the
signature fields. The translation's paragraphs and runs carry ``w:bidi`` / ``w:rtl`` and the
language only when the letter's language is written right to left (``{% if rtl %}`` around the
properties, put in after python-docx has written the file), so Word and LibreOffice set Arabic
and Persian right to left with an Arabic font. Committed together with this script.
"""

import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "lotse/letters/templates_docx/letter.docx"
GREY = RGBColor(0x44, 0x44, 0x44)
ARABIC_FONT = "Noto Naskh Arabic"

# Markers that python-docx writes and the post-processing turns into conditional properties.
BIDI = '<w:bidi w:val="MARK"/>'
RTL = '<w:rtl w:val="MARK"/>'
LANG = '<w:lang w:bidi="MARK"/>'


def _marked_paragraph(container, text: str, *, bold: bool = False):
    """A paragraph of the translation: right to left when the letter says so."""
    paragraph = container.add_paragraph()
    properties = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    bidi.set(qn("w:val"), "MARK")
    properties.append(bidi)
    run = paragraph.add_run(text)
    run.bold = bold
    run_properties = run._r.get_or_add_rPr()
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    fonts.set(qn("w:cs"), ARABIC_FONT)
    if bold:  # bold of the complex script (Arabic) is its own property
        run_properties.find(qn("w:b")).addnext(OxmlElement("w:bCs"))
    rtl = OxmlElement("w:rtl")
    rtl.set(qn("w:val"), "MARK")
    run_properties.append(rtl)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:bidi"), "MARK")
    run_properties.append(lang)
    return paragraph


def _small(paragraph, size: float = 8.5) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.color.rgb = GREY


def _widths(table, widths: list[float]) -> None:
    table.autofit = False
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
        for row in table.rows:
            row.cells[i].width = Cm(width)


def _cell_text(cell, text: str, *, bold: bool = False) -> None:
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold


def _translation_cell(cell, text: str, *, bold: bool = False) -> None:
    """The translation's cell: its only paragraph is a marked one."""
    first = cell.paragraphs[0]._p
    _marked_paragraph(cell, text, bold=bold)
    first.getparent().remove(first)


def _two_columns(doc, rows: str, heading: str) -> None:
    """German beside the translation, one row per paragraph."""
    table = doc.add_table(rows=4, cols=2)
    _cell_text(table.rows[0].cells[0], "Deutsch", bold=True)
    _translation_cell(table.rows[0].cells[1], heading, bold=True)
    table.rows[1].cells[0].text = "{%tr for row in " + rows + " %}"
    table.rows[2].cells[0].text = "{{ row.german }}"
    _translation_cell(table.rows[2].cells[1], "{{ row.translation }}")
    table.rows[3].cells[0].text = "{%tr endfor %}"
    _widths(table, [8.5, 8.5])


def build() -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    style = doc.styles["Normal"]
    style.font.name = "Noto Sans"
    style.font.size = Pt(10.5)
    style.paragraph_format.space_after = Pt(4)

    _small(doc.add_paragraph("{{ sender }}"))
    doc.add_paragraph()
    doc.add_paragraph("{{ recipient }}")
    doc.add_paragraph()
    date = doc.add_paragraph("{{ place_date }}")
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    subject = doc.add_paragraph()
    run = subject.add_run("{{ subject }}")
    run.bold = True
    run.font.size = Pt(13)
    doc.add_paragraph("{%p if bilingual and translated_subject %}")
    _marked_paragraph(doc, "{{ translated_subject }}", bold=True)
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p if bilingual %}")
    _two_columns(doc, "rows", "{{ language_name }}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{%p for row in rows %}")
    doc.add_paragraph("{{ row.german }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p if steps %}")
    heading = doc.add_paragraph()
    heading.add_run("{{ labels.steps }}").bold = True
    table = doc.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    for i, key in enumerate(("step", "responsible", "due", "status")):
        _cell_text(table.rows[0].cells[i], "{{ labels." + key + " }}", bold=True)
    table.rows[1].cells[0].text = "{%tr for step in steps %}"
    for i, key in enumerate(("description", "responsible", "due", "status")):
        table.rows[2].cells[i].text = "{{ step." + key + " }}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    _widths(table, [8.0, 3.2, 2.6, 3.2])
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p if consent %}")
    heading = doc.add_paragraph()
    heading.add_run("{{ consent.title }}").bold = True
    heading.add_run(" ({{ labels.version % {'version': consent.version} }})")
    doc.add_paragraph("{%p if bilingual %}")
    _two_columns(doc, "consent.rows", "{{ consent.translation_title }}")
    doc.add_paragraph("{%p if consent.missing_translation %}")
    _small(doc.add_paragraph("{{ labels.missing }}"), 9)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{%p for row in consent.rows %}")
    doc.add_paragraph("{{ row.german }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p if signatures %}")
    doc.add_paragraph()
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=3)
    cells = table.rows[0].cells
    cells[0].text = "{%tc for label in signatures %}"
    cells[1].text = "________________________"
    cells[1].add_paragraph("{{ label }}")
    cells[2].text = "{%tc endfor %}"
    doc.add_paragraph("{%p endif %}")

    buffer = io.BytesIO()
    doc.save(buffer)
    return _conditional_rtl(buffer.getvalue())


def _conditional_rtl(package: bytes) -> bytes:
    """Turn the markers into properties that only a right-to-left letter gets."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert BIDI in xml and RTL in xml and LANG in xml
                xml = xml.replace(BIDI, "{% if rtl %}<w:bidi/>{% endif %}")
                xml = xml.replace(RTL, "{% if rtl %}<w:rtl/>{% endif %}")
                xml = xml.replace(LANG, '<w:lang w:bidi="{{ lang }}"/>')
                data = xml.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build())
    print(f"written {OUT}")
