import pytest


@pytest.fixture(autouse=True)
def _stored_files_in_a_temporary_folder(media):
    """Imports of Word files store their pictures: never in the project's folder."""
