import pytest


@pytest.fixture(autouse=True)
def documents_storage(settings, tmp_path):
    """Each test stores its files in its own folder, so "the file is gone" can be checked."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }
    return tmp_path / "documents"


@pytest.fixture
def mentee(project_a, alice):
    from lotse.journal.tests.factories import MenteeFactory

    return MenteeFactory(project=project_a, mentor=alice, first_name="Amina", last_name="Haddad")


@pytest.fixture
def document(mentee, alice):
    from lotse.documents.tests.factories import DocumentFactory

    return DocumentFactory(mentee=mentee, uploaded_by=alice)
