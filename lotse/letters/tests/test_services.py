"""Generating letters: the file (PDF text through pypdf, DOCX through python-docx), the
record the journal shows, the audit row without personal data, right to left for Arabic and
Persian, and the templates' versions."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from pypdf import PdfReader

from lotse.audit.models import AuditEvent
from lotse.letters import output, services
from lotse.letters.models import Letter, LetterTemplate
from lotse.privacy.models import ConsentText

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def generate(alice, mentee, **values):
    values.setdefault("file_format", "pdf")
    values.setdefault("language", "ar")
    return services.letter_generate(actor=alice, mentee=mentee, **values)


def test_an_invitation_in_arabic_is_a_pdf_with_both_texts(alice, mentee, appointment):
    made = generate(alice, mentee, kind="invitation", appointment=appointment)
    assert made.content.startswith(b"%PDF-") if hasattr(made, "content") else True
    assert made.file.startswith(b"%PDF-") and made.content_type == "application/pdf"
    text = pdf_text(made.file)
    assert "Einladung zu einem Termin" in text
    assert "Amina Haddad" in text
    assert "Jobcenter Chemnitz, Raum 2.14" in text
    assert "10:30" in text
    letter = Letter.objects.get()
    assert (letter.kind, letter.language, letter.file_format) == ("invitation", "ar", "pdf")
    assert letter.appointment == appointment and letter.created_by == alice
    assert letter.template.language == "de" and letter.translation.language == "ar"


def test_the_audit_row_names_codes_and_versions_only(alice, mentee, appointment):
    made = generate(alice, mentee, kind="reminder", appointment=appointment)
    event = AuditEvent.objects.get(action="export", object_id=str(made.letter.public_id))
    assert event.mentee_id == mentee.public_id
    assert event.changes["kind"] == "reminder"
    assert event.changes["language"] == "ar"
    assert event.changes["template_version"] == 1
    flat = str(event.changes) + event.object_label + event.reason
    for personal in ("Amina", "Haddad", "Jobcenter", "Schulze"):
        assert personal not in flat


def test_the_docx_opens_and_holds_the_text_with_rtl_paragraphs(alice, mentee, appointment):
    made = generate(alice, mentee, kind="invitation", appointment=appointment, file_format="docx")
    document = Document(io.BytesIO(made.file))
    text = docx_text(made.file)
    assert "Einladung zu einem Termin" in text and "دعوة إلى موعد" in text
    assert "Jobcenter Chemnitz, Raum 2.14" in text
    xml = zipfile.ZipFile(io.BytesIO(made.file)).read("word/document.xml").decode()
    assert "<w:bidi/>" in xml and "<w:rtl/>" in xml and 'w:bidi="ar"' in xml
    assert "{%" not in xml and "{{" not in xml
    assert document.tables


def test_a_docx_in_russian_has_no_rtl_properties(alice, mentee, appointment):
    made = generate(
        alice, mentee, kind="invitation", appointment=appointment, file_format="docx", language="ru"
    )
    xml = zipfile.ZipFile(io.BytesIO(made.file)).read("word/document.xml").decode()
    assert "<w:bidi/>" not in xml and "<w:rtl/>" not in xml
    assert "Приглашение на встречу" in docx_text(made.file)


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_rtl_languages_are_marked_in_the_html(alice, mentee, appointment, language):
    from lotse.letters import content

    german, translation = services._templates("invitation", language, mentee.project)
    letter = content.sample(german, translation)
    html = output.html(letter)
    assert f'lang="{language}" dir="rtl"' in html
    assert 'lang="de"' in html


@pytest.mark.parametrize("language", ["en", "uk", "ru", "tr", "de"])
def test_ltr_languages_have_no_rtl_markup(alice, mentee, language):
    from lotse.letters import content

    german, translation = services._templates("invitation", language, mentee.project)
    html = output.html(content.sample(german, translation))
    assert 'dir="rtl"' not in html


def test_the_agreement_letter_lists_its_steps(alice, mentee, agreement):
    made = generate(alice, mentee, kind="agreement", agreement=agreement, language="fa")
    text = pdf_text(made.file)
    assert "Integrationsvereinbarung vom 15.01.2026" in text
    assert "Anerkennung beantragen" in text and "Sprachkurs B2 anmelden" in text
    assert "Ausbildung als Pflegefachfrau" in text


def test_the_consent_form_carries_its_text_version(alice, mentee):
    german = ConsentText.objects.filter(purpose="case", language="de").latest("valid_from")
    made = generate(alice, mentee, kind="consent", purpose="case", language="en")
    text = pdf_text(made.file)
    assert german.version in text
    assert german.title in text
    letter = Letter.objects.get()
    assert letter.consent_text == german
    assert letter.consent_translation.language == "en"
    assert letter.consent_translation.version == german.version


def test_a_consent_form_without_a_translated_text_says_so(alice, mentee):
    made = generate(alice, mentee, kind="consent", purpose="case", language="ar")
    assert "noch nicht vor" in pdf_text(made.file)
    assert Letter.objects.get().consent_translation is None


def test_the_employer_confirmation_is_addressed_to_the_employer(alice, mentee, employer):
    made = generate(alice, mentee, kind="employer", employer=employer, language="de")
    text = pdf_text(made.file)
    assert "Pflegedienst Sonnenschein GmbH" in text
    assert "Bestätigung der Teilnahme am Programm" in text
    assert "دعوة" not in text


def test_another_projects_employer_or_appointment_is_refused(alice, mentee, project_b):
    from lotse.employers.tests.factories import EmployerFactory
    from lotse.journal.tests.factories import AppointmentFactory, MenteeFactory

    other = EmployerFactory(project=project_b)
    with pytest.raises(ValidationError):
        generate(alice, mentee, kind="employer", employer=other)
    foreign = AppointmentFactory(mentee=MenteeFactory(project=mentee.project))
    with pytest.raises(ValidationError):
        generate(alice, mentee, kind="invitation", appointment=foreign)
    assert not Letter.objects.exists()


def test_another_projects_user_cannot_generate(charlie, mentee, appointment):
    with pytest.raises(PermissionDenied):
        generate(charlie, mentee, kind="invitation", appointment=appointment)
    assert not Letter.objects.exists()


def test_saving_a_template_makes_the_next_version_and_letters_keep_theirs(
    lena, alice, mentee, appointment
):
    project = mentee.project
    first = generate(alice, mentee, kind="invitation", appointment=appointment).letter
    own = services.template_save(
        actor=lena,
        project=project,
        kind="invitation",
        language="ar",
        subject="دعوة",
        body="مرحباً {name}\n\nالتاريخ: {date}",
    )
    assert own.version == 1 and own.project == project and own.needs_check
    again = services.template_save(
        actor=lena,
        project=project,
        kind="invitation",
        language="ar",
        subject="دعوة",
        body="مرحباً {name}\n\nالتاريخ: {date} {time}",
    )
    assert again.version == 2
    second = generate(alice, mentee, kind="invitation", appointment=appointment).letter
    first.refresh_from_db()
    assert first.translation.project is None and first.translation.version == 1
    assert second.translation == again
    assert LetterTemplate.objects.filter(project=project).count() == 2
    event = AuditEvent.objects.filter(object_id=str(again.public_id)).get()
    assert event.changes["new_version"] == 2


def test_only_leads_save_templates(alice, mentee):
    with pytest.raises(PermissionDenied):
        services.template_save(
            actor=alice,
            project=mentee.project,
            kind="invitation",
            language="de",
            subject="x",
            body="y",
        )


def test_the_native_speakers_check_is_recorded_once(lena, mentee):
    template = services.template_save(
        actor=lena,
        project=mentee.project,
        kind="reminder",
        language="fa",
        subject="یادآوری",
        body="سلام {name}",
    )
    checked = services.template_confirm_check(actor=lena, template=template)
    assert checked.checked_by == lena and checked.checked_at and not checked.needs_check
    again = services.template_confirm_check(actor=lena, template=checked)
    assert again.checked_at == checked.checked_at
    programme = LetterTemplate.objects.filter(project=None, language="fa").first()
    with pytest.raises(PermissionDenied):
        services.template_confirm_check(actor=lena, template=programme)


def test_an_administrator_confirms_a_programme_text(adam):
    programme = LetterTemplate.objects.filter(project=None, language="tr").first()
    checked = services.template_confirm_check(actor=adam, template=programme)
    assert checked.checked_by == adam and not checked.needs_check


def test_the_seeded_templates_cover_every_kind_and_language_and_pass_the_check():
    from lotse.letters import placeholders
    from lotse.letters.models import LetterKind, LetterLanguage

    rows = LetterTemplate.objects.filter(project=None)
    assert {(t.kind, t.language) for t in rows} == {
        (k, lang) for k in LetterKind.values for lang in LetterLanguage.values
    }
    for template in rows:
        placeholders.check(template.subject, template.kind)
        placeholders.check(template.body, template.kind)
        german = rows.get(kind=template.kind, language="de")
        assert len(placeholders.paragraphs(template.body)) == len(
            placeholders.paragraphs(german.body)
        ), (template.kind, template.language)
        assert template.needs_check == (template.language != "de")


def test_seeding_twice_changes_nothing():
    from lotse.letters.seed import seed

    assert seed(LetterTemplate) == 0


@pytest.mark.parametrize(
    "skills, expected",
    [
        ([("prs", "native")], "fa"),  # Dari is written and read as Persian
        ([("ti", "native"), ("en", "B2"), ("ru", "A2")], "en"),  # no Tigrinya letters yet
        ([("uk", "C1"), ("ru", "native")], "ru"),  # the mother tongue first
        ([("de", "C1"), ("ti", "native")], "de"),  # German alone
        ([], "de"),
    ],
)
def test_the_default_language_is_the_mother_tongue_lotse_has_letters_in(
    project_a, skills, expected
):
    from lotse.cases.tests.factories import LanguageFactory, LanguageSkillFactory
    from lotse.journal.tests.factories import MenteeFactory
    from lotse.letters.selectors import default_language

    person = MenteeFactory(project=project_a)
    for code, level in skills:
        language = LanguageFactory(iso_code=code, name_de=code, name_en=code)
        LanguageSkillFactory(mentee=person, language=language, level=level)
    assert default_language(person) == expected
