"""Build the Sachbericht template (``lotse/reporting/templates_docx/sachbericht.docx``).

    .venv/bin/python scripts/build_sachbericht_template.py

The template is data: a Word document with docxtpl (Jinja) tags that
``lotse/reporting/sachbericht.py`` fills in. It is committed, and so is this script, so that it
can be rebuilt after a change here (or edited in Word/LibreOffice, keeping the tags intact).
Headings are German: the Sachbericht goes to the SAB.
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT  # noqa: F401 - kept for a landscape variant
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "lotse/reporting/templates_docx/sachbericht.docx"
GREY = RGBColor(0x4A, 0x52, 0x5C)


def _shade(cell, colour: str = "F3F5F8") -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def _page_number(paragraph) -> None:
    """ "Seite N" as a field, so Word and LibreOffice number the pages."""
    paragraph.add_run("Seite ")
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _table(doc, headings: list[str], cells: list[str], loop: str, widths: list[float]) -> None:
    """A table with a heading row and one row repeated by ``{%tr for … %}``."""
    table = doc.add_table(rows=4, cols=len(headings))
    table.style = "Table Grid"
    for i, text in enumerate(headings):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        _shade(cell)
    table.rows[1].cells[0].text = "{%tr for row in " + loop + " %}"
    for i, text in enumerate(cells):
        table.rows[2].cells[i].text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    # Numbers right-aligned (every column but the first, except a column of text).
    for i in range(1, len(cells)):
        if "text" not in cells[i]:
            table.rows[2].cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            table.rows[0].cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _widths(table, widths)
    doc.add_paragraph()


def _widths(table, widths: list[float]) -> None:
    """Fixed column widths that Word and LibreOffice both keep (grid and every cell)."""
    table.autofit = False
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
        for row in table.rows:
            row.cells[i].width = Cm(width)


def _blank(doc, hint: str) -> None:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(f"[Hier ergänzen: {hint}]")
    run.italic = True
    run.font.color.rgb = GREY
    for _i in range(3):
        doc.add_paragraph()


def _note(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.font.size = Pt(9)
    run.font.color.rgb = GREY


def build() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    style = doc.styles["Normal"]
    style.font.name = "Liberation Sans"
    style.font.size = Pt(10.5)
    header = section.header.paragraphs[0]
    header.text = "Sachbericht (Entwurf) · {{ scope }} · {{ period }}"
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_number(footer)

    doc.add_heading("Sachbericht (Entwurf)", level=0)
    doc.add_paragraph("zum Verwendungsnachweis gegenüber der Sächsischen Aufbaubank (SAB)")
    facts = doc.add_table(rows=7, cols=2)
    facts.style = "Table Grid"
    for i, (label, value) in enumerate(
        [
            ("Berichtsgegenstand", "{{ scope }}"),
            ("Träger", "{{ organisation }}"),
            ("Berichtszeitraum", "{{ period }} ({{ start }} bis {{ end }})"),
            ("Art des Berichts", "{{ report_kind }}"),
            ("Erstellt am", "{{ created }}"),
            ("Erstellt von", "{{ created_by }}"),
            ("Zahlen", "{{ note }}"),
        ]
    ):
        facts.rows[i].cells[0].text = label
        facts.rows[i].cells[0].paragraphs[0].runs[0].bold = True
        _shade(facts.rows[i].cells[0])
        facts.rows[i].cells[1].text = value
    _widths(facts, [4.5, 12.1])
    doc.add_paragraph()
    _note(
        doc,
        "Dieser Entwurf wurde von Lotse aus den Falldaten erstellt. Die Zahlen und ihre "
        "Definitionen stammen aus dem Katalog der Kennzahlen (Abschnitt 8). Die Abschnitte "
        "mit dem Hinweis „Hier ergänzen“ sind vor der Abgabe auszuformulieren.",
    )

    doc.add_heading("1. Kennzahlen im Berichtszeitraum", level=1)
    _table(
        doc,
        ["Kennzahl", "Wert"],
        ["{{ row.label }}", "{{ row.value }}"],
        "key_figures",
        [12.6, 4.0],
    )
    doc.add_heading("Anteile und Dauern", level=2)
    _table(doc, ["Kennzahl", "Wert"], ["{{ row.label }}", "{{ row.value }}"], "ratios", [12.6, 4.0])
    doc.add_paragraph("{%p if projects %}")
    doc.add_heading("Kennzahlen nach Projekt", level=2)
    _table(
        doc,
        [
            "Projekt",
            "Betreut",
            "Eintritte",
            "In Arbeit",
            "In Ausbildung",
            "Integrations-\nvereinb.",
        ],
        [
            "{{ row.label }}",
            "{{ row.supported }}",
            "{{ row.entries }}",
            "{{ row.into_job }}",
            "{{ row.into_apprenticeship }}",
            "{{ row.agreements }}",
        ],
        "projects",
        [6.1, 2.1, 2.1, 2.1, 2.1, 2.1],
    )
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("2. Tätigkeiten", level=1)
    doc.add_heading("2.1 Beschreibung der Tätigkeiten", level=2)
    _blank(doc, "Schwerpunkte der Arbeit im Berichtszeitraum, Kooperationen, Besonderheiten")
    doc.add_heading("2.2 Mentoring-Kontakte", level=2)
    doc.add_paragraph(
        "{{ contacts }} Kontakte mit zusammen {{ contact_hours }} Stunden im Berichtszeitraum."
    )
    _table(
        doc,
        ["Monat", "Kontakte", "Stunden"],
        ["{{ row.label }}", "{{ row.count }}", "{{ row.hours }}"],
        "months",
        [8.6, 4.0, 4.0],
    )
    doc.add_heading("2.3 Dienstleistungen für Arbeitgeber", level=2)
    doc.add_paragraph("{{ employers_looked_after }} Arbeitgeber betreut.")
    _table(
        doc,
        ["Art der Dienstleistung", "Anzahl", "Stunden"],
        ["{{ row.label }}", "{{ row.count }}", "{{ row.hours }}"],
        "services",
        [8.6, 4.0, 4.0],
    )
    doc.add_heading("2.4 Gruppenveranstaltungen", level=2)
    doc.add_paragraph(
        "Durchgeführte Gruppenveranstaltungen im Berichtszeitraum: {{ events_held }}, "
        "zusammen {{ event_hours }} Stunden."
    )
    _table(doc, ["Kennzahl", "Wert"], ["{{ row.label }}", "{{ row.value }}"], "events", [12.6, 4.0])
    _note(
        doc,
        "Abgesagte Veranstaltungen zählen nicht, Teilnehmende nur mit erfasster Anwesenheit "
        "(Definitionen in Abschnitt 8).",
    )
    _blank(doc, "Themen und Formate der Veranstaltungen, beteiligte Arbeitgeber und Partner")

    doc.add_heading("3. Erreichte Zielgruppen", level=1)
    doc.add_heading("3.1 Schwerpunktgruppen der Förderphase 2025–2027", level=2)
    doc.add_paragraph("Frauen und Personen ohne Berufsabschluss.")
    _table(doc, ["Kennzahl", "Wert"], ["{{ row.label }}", "{{ row.value }}"], "focus", [12.6, 4.0])
    doc.add_heading("3.2 Geschlecht", level=2)
    _table(
        doc,
        ["Geschlecht", "Personen"],
        ["{{ row.label }}", "{{ row.value }}"],
        "gender",
        [12.6, 4.0],
    )
    doc.add_heading("3.3 Alter beim Eintritt", level=2)
    _table(doc, ["Alter", "Personen"], ["{{ row.label }}", "{{ row.value }}"], "age", [12.6, 4.0])
    doc.add_heading("3.4 Herkunftsregion", level=2)
    _table(
        doc, ["Region", "Personen"], ["{{ row.label }}", "{{ row.value }}"], "region", [12.6, 4.0]
    )

    doc.add_heading("4. Vermittlungen und Integrationsvereinbarungen", level=1)
    doc.add_heading("4.1 Vermittlungen nach Art", level=2)
    _table(
        doc,
        ["Art der Vermittlung", "Personen"],
        ["{{ row.label }}", "{{ row.value }}"],
        "placement_types",
        [12.6, 4.0],
    )
    doc.add_heading("4.2 Abgeschlossene Integrationsvereinbarungen", level=2)
    doc.add_paragraph(
        "{{ agreements }} Integrationsvereinbarungen im Berichtszeitraum abgeschlossen."
    )
    doc.add_heading("4.3 Austritte nach Grund", level=2)
    _table(doc, ["Grund", "Personen"], ["{{ row.label }}", "{{ row.value }}"], "exits", [12.6, 4.0])

    doc.add_heading("5. Ziele und Ergebnisse (Soll-Ist-Vergleich)", level=1)
    _blank(doc, "Ziele laut Zuwendungsbescheid, erreichte Ergebnisse, Gründe für Abweichungen")
    doc.add_heading("6. Ausblick", level=1)
    _blank(doc, "Planung für den nächsten Berichtszeitraum")
    doc.add_heading("7. Hinweise zu den Zahlen", level=1)
    doc.add_paragraph("{{ note }}")
    doc.add_heading("8. Definitionen der Kennzahlen", level=1)
    _table(
        doc,
        ["Kennzahl", "Definition"],
        ["{{ row.label }}", "{{ row.text }}"],
        "definitions",
        [5.0, 11.6],
    )
    return doc


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    build().save(OUT)
    print(OUT)
