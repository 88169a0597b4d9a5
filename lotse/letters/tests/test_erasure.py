"""Erasure of a mentee removes the records of the letters made for them (the files were never
kept); another mentee's letters stay."""

import pytest

from lotse.audit.models import AuditEvent
from lotse.journal.tests.factories import MenteeFactory
from lotse.letters.models import Letter
from lotse.letters.tests.factories import LetterFactory
from lotse.privacy.erasure import erase_mentee

pytestmark = pytest.mark.django_db


def test_erasing_the_mentee_deletes_their_letters(lena, mentee, appointment):
    mine = [LetterFactory(mentee=mentee, appointment=appointment) for _ in range(2)]
    other = LetterFactory(mentee=MenteeFactory(project=mentee.project))
    erase_mentee(actor=lena, mentee=mentee)
    assert not Letter.objects.filter(mentee=mentee).exists()
    assert Letter.objects.filter(pk=other.pk).exists()
    rows = AuditEvent.objects.filter(object_type="letters.letter", action="delete")
    assert {r.object_id for r in rows} == {str(letter.public_id) for letter in mine}
    assert {r.reason for r in rows} == {"erasure"}
