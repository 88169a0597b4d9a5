import pytest

from lotse.matching import index


@pytest.fixture(autouse=True)
def fresh_index(settings):
    """Each test builds the index from its own database; checks the revision on every use."""
    settings.LOTSE_MATCHING_REVISION_SECONDS = 0
    index.reset()
    yield
    index.reset()
