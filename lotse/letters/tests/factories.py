import factory

from lotse.journal.tests.factories import MenteeFactory
from lotse.letters.models import Letter, LetterTemplate


def _german_invitation() -> LetterTemplate:
    """The seeded programme text (made anew if a transactional test flushed it)."""
    template, _created = LetterTemplate.objects.get_or_create(
        kind="invitation",
        language="de",
        project=None,
        version=1,
        defaults={"subject": "Einladung zu einem Termin", "body": "Guten Tag {name}"},
    )
    return template


class LetterFactory(factory.django.DjangoModelFactory):
    """The record of a letter made (German only, as PDF)."""

    class Meta:
        model = Letter

    mentee = factory.SubFactory(MenteeFactory)
    kind = "invitation"
    language = "de"
    file_format = "pdf"
    template = factory.LazyFunction(_german_invitation)
