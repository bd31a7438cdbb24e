import pytest

from tests.factories import default_bulletin


@pytest.fixture(autouse=True)
def _stored_files_in_a_temporary_folder(media):
    """Imports of Word files store their pictures: never in the project's folder."""


@pytest.fixture(autouse=True)
def _the_bulletin_issues_are_imported_into(request, _django_db_marker):
    """The one bulletin a migrated database has, which an import without
    ``--bulletin`` goes to (put back after a transactional test's flush)."""
    if request.node.get_closest_marker("django_db"):
        default_bulletin()
