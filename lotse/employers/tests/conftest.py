import pytest

from lotse.employers.tests.factories import (
    EmployerContactFactory,
    EmployerFactory,
    PostcodeFactory,
    SectorFactory,
    VacancyFactory,
    occupation,
)


@pytest.fixture
def postcode(db):
    return PostcodeFactory()


@pytest.fixture
def sector(db):
    return SectorFactory()


@pytest.fixture
def cook(db):
    """KldB 29302: cooks, skilled level (requirement level 2)."""
    return occupation(
        "29302", "Köche/Köchinnen (ohne Spezialisierung) - fachlich ausgerichtete Tätigkeiten"
    )


@pytest.fixture
def helper_cook(db):
    return occupation("29301", "Köche/Köchinnen (ohne Spezialisierung) - Helfer-/Anlerntätigkeiten")


@pytest.fixture
def employer_a(project_a):
    return EmployerFactory(project=project_a, name="Gasthof Sonne")


@pytest.fixture
def employer_b(project_b):
    return EmployerFactory(project=project_b, name="Leipziger Logistik GmbH")


@pytest.fixture
def contact_a(employer_a):
    return EmployerContactFactory(employer=employer_a, name="Petra Schulze")


@pytest.fixture
def vacancy_a(employer_a, cook):
    return VacancyFactory(employer=employer_a, occupation=cook, title="Koch/Köchin")


@pytest.fixture
def vacancy_b(employer_b, cook):
    return VacancyFactory(employer=employer_b, occupation=cook, title="Koch in Leipzig")
