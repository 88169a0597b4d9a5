"""Build the Lebenslauf template (``lotse/cv/templates_docx/lebenslauf.docx``).

    .venv/bin/python scripts/build_cv_template.py

The template is data: a Word document with docxtpl (Jinja) tags that ``lotse/cv/papers.py``
fills in with the values of ``lotse/cv/content.py`` (the same ones the PDF shows). It is
committed, and so is this script, so that it can be rebuilt after a change here (or edited in
Word/LibreOffice, keeping the tags intact). The text is German: the CV goes to German
employers. The table has the two columns German employers expect: the time on the left, what
was done on the right.
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "lotse/cv/templates_docx/lebenslauf.docx"
GREY = RGBColor(0x44, 0x44, 0x44)
WIDTHS = (4.2, 12.4)


def _no_borders(table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _widths(table, widths=WIDTHS) -> None:
    table.autofit = False
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
        for row in table.rows:
            row.cells[i].width = Cm(width)


def _heading(doc, text: str) -> None:
    paragraph = doc.add_heading(text, level=1)
    paragraph.paragraph_format.space_before = Pt(14)
    paragraph.paragraph_format.keep_with_next = True


def _rows_table(
    doc, loop: str, left: str, right: list[str], *, bold: bool = True, widths=WIDTHS
) -> None:
    """A borderless two-column table with one row repeated by ``{%tr for … %}``; the right
    cell holds ``right`` as paragraphs (a ``{%p … %}`` paragraph is a tag of its own).
    ``doc`` may also be a table cell (the personal details beside the photo)."""
    table = doc.add_table(rows=3, cols=2)
    _no_borders(table)
    table.rows[0].cells[0].text = "{%tr for row in " + loop + " %}"
    table.rows[1].cells[0].text = left
    cell = table.rows[1].cells[1]
    cell.text = right[0]
    cell.paragraphs[0].runs[0].bold = bold
    for text in right[1:]:
        cell.add_paragraph(text)
    table.rows[2].cells[0].text = "{%tr endfor %}"
    _widths(table, widths)


def build() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    style = doc.styles["Normal"]
    style.font.name = "Liberation Sans"
    style.font.size = Pt(10.5)
    style.paragraph_format.space_after = Pt(2)
    style.paragraph_format.line_spacing = 1.1
    for name in ("Title", "Heading 1"):
        doc.styles[name].font.name = "Liberation Sans"
        doc.styles[name].font.color.rgb = RGBColor(0x11, 0x11, 0x11)
    doc.styles["Heading 1"].font.size = Pt(13)

    doc.add_heading("Lebenslauf", level=0)
    # The personal details on the left, the photo beside them on the right.
    doc.add_paragraph("{%p if personal or photo %}")
    top = doc.add_table(rows=1, cols=2)
    _no_borders(top)
    _widths(top, (12.4, 4.2))
    left, right = top.rows[0].cells
    left.text = "{%p if personal %}"
    heading = left.add_paragraph("Persönliche Daten", style="Heading 1")
    heading.paragraph_format.keep_with_next = True
    _rows_table(
        left, "personal", "{{ row.label }}", ["{{ row.value }}"], bold=False, widths=(3.6, 8.6)
    )
    left.add_paragraph("{%p endif %}")
    right.text = "{{ photo }}"
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p for part in parts %}")
    _heading(doc, "{{ part.heading }}")
    _rows_table(
        doc,
        "part.rows",
        "{{ row.when }}",
        ["{{ row.text }}", "{%p for note in row.notes %}", "{{ note }}", "{%p endfor %}"],
    )
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph()
    closing = doc.add_paragraph("{{ place_date }}")
    closing.paragraph_format.space_before = Pt(18)
    footer = section.footer.paragraphs[0]
    footer.text = "Lebenslauf{% if name %} {{ name }}{% endif %}"
    footer.runs[0].font.size = Pt(8)
    footer.runs[0].font.color.rgb = GREY
    return doc


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    build().save(OUT)
    print(OUT)
