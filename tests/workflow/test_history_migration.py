"""Migration 0023 moves an existing issue's history into its audit entries:
workflow steps recorded without an entry of their own, and admin saves kept only
in Django's admin log, are listed on the issue's page after migrating, each
once, at the time they happened."""

import json
import re
from datetime import UTC, date, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tests.factories import make_user

# Transactional: the migrations run outside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("editorial", "0023_distribution_categories")


def migrate_to_leaves():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def at(day, hour):
    return datetime(2025, 3, day, hour, tzinfo=UTC)


def an_old_style_history(apps, editor_pk, chief_pk) -> int:
    """An issue created, edited in the admin, submitted and returned, as the code
    before 0023 kept it: steps and an admin log entry, no audit entries."""
    Issue = apps.get_model("editorial", "Issue")
    IssueTransition = apps.get_model("editorial", "IssueTransition")
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentTypeThen = apps.get_model("contenttypes", "ContentType")
    issue = Issue.objects.create(
        year=2025, number=3, issue_date=date(2025, 3, 1), title="工会工作简报", publisher="办公室"
    )
    for day, before, after, action, actor, comment in [
        (1, "", "draft", "create", editor_pk, ""),
        (3, "draft", "in_review", "submit", editor_pk, ""),
        (4, "in_review", "draft", "return", chief_pk, "二〇二五年退回的理由"),
    ]:
        IssueTransition.objects.create(
            issue=issue,
            from_status=before,
            to_status=after,
            action=action,
            actor_id=actor,
            comment=comment,
            created_at=at(day, 9),
        )
    LogEntry.objects.create(
        action_time=at(2, 9),
        user_id=editor_pk,
        content_type=ContentTypeThen.objects.get_or_create(app_label="editorial", model="issue")[0],
        object_id=str(issue.pk),
        object_repr="工会工作简报",
        action_flag=2,
        change_message=json.dumps([{"changed": {"fields": ["masthead title"]}}]),
    )
    return issue.pk


@pytest.fixture
def migrated_issue(roles, editor, chief):
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([BEFORE])
        executor.loader.build_graph()
        state = executor.loader.project_state(list(executor.loader.applied_migrations))
        issue_pk = an_old_style_history(state.apps, editor.pk, chief.pk)
    finally:
        migrate_to_leaves()
    return issue_pk


def test_an_old_history_is_listed_once_in_order_after_migrating(client, migrated_issue):
    client.force_login(make_user("admin", superuser=True))

    page = client.get(
        reverse("admin:editorial_issue_change", args=[migrated_issue])
    ).content.decode()

    start = page.index('id="workflow-history"')
    history = page[start : page.index("</table>", start)]
    actions = re.findall(r'class="ed-history-action">([^<]*)<', history)
    assert actions == ["退回修改", "提交审核", "修改", "新建"]
    assert history.count("二〇二五年退回的理由") == 1
