"""Units reporting to an office (issue 31): a database made before offices had
units and inboxes migrates forward with every unit reporting to the one office
migration 0025 made, and every submission in its inbox."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from editorial.content.models import SourceOrganization
from editorial.offices.models import Office
from editorial.submissions.models import Submission
from tests.factories import OFFICES_MIGRATION

# Transactional: the migrations run outside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("editorial", "0026_every_issue_has_a_bulletin")]


def test_every_unit_reports_to_the_one_office_and_every_submission_is_in_its_inbox():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OFFICES_MIGRATION.one_office_one_bulletin(old, None)  # as 0025 left it (after any flush)
    unit = old.get_model("editorial", "SourceOrganization").objects.create(name="常熟市总工会")
    old.get_model("editorial", "Submission").objects.create(
        unit_id=unit.pk, title="迁移前的来稿", body="正文", contact_phone="1"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    [office] = Office.objects.all()
    assert SourceOrganization.objects.get(name="常熟市总工会").reports_to == office
    assert Submission.objects.get(title="迁移前的来稿").office == office
