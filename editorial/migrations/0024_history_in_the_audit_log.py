"""An issue's history moves to one store, its audit entries: each workflow step
recorded without an entry of its own (before there was an audit log, or restored
from an archive) and each admin save of an issue, section or article kept only
in Django's admin log gains its audit entry, at the time it happened."""

import json

from django.db import migrations

ADDITION, CHANGE = 1, 2


def step_repr(step) -> str:
    # As IssueTransition.__str__ names it.
    return f"{step.get_from_status_display() or '—'} → {step.get_to_status_display()}"


def content_type(apps, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="editorial", model=model)[0]


def backfill_steps(apps, schema_editor):
    AuditEntry = apps.get_model("editorial", "AuditEntry")
    IssueTransition = apps.get_model("editorial", "IssueTransition")
    step_type = content_type(apps, "issuetransition")
    logged = set(
        AuditEntry.objects.filter(content_type=step_type).values_list("object_id", flat=True)
    )
    AuditEntry.objects.bulk_create(
        (
            AuditEntry(
                action=step.action or step.to_status,
                actor_id=step.actor_id,
                at=step.created_at,
                issue_id=step.issue_id,
                content_type=step_type,
                object_id=str(step.pk),
                object_repr=step_repr(step),
                comment=step.comment,
            )
            for step in IssueTransition.objects.order_by("created_at", "pk").iterator()
            if str(step.pk) not in logged
        ),
        batch_size=1000,
    )


def backfill_admin_saves(apps, schema_editor):
    AuditEntry = apps.get_model("editorial", "AuditEntry")
    LogEntry = apps.get_model("admin", "LogEntry")
    Issue = apps.get_model("editorial", "Issue")
    Section = apps.get_model("editorial", "Section")
    Article = apps.get_model("editorial", "Article")
    issue_type = content_type(apps, "issue")
    section_type = content_type(apps, "section")
    article_type = content_type(apps, "article")
    issues = set(Issue.objects.values_list("pk", flat=True))
    issue_of = {
        issue_type.pk: {str(pk): pk for pk in issues},
        section_type.pk: {
            str(pk): issue for pk, issue in Section.objects.values_list("pk", "issue_id")
        },
        article_type.pk: {
            str(pk): issue for pk, issue in Article.objects.values_list("pk", "section__issue_id")
        },
    }
    entries = []
    for log in LogEntry.objects.filter(
        content_type_id__in=issue_of, action_flag__in=(ADDITION, CHANGE)
    ).order_by("action_time", "pk"):
        issue = issue_of[log.content_type_id].get(log.object_id)
        if issue is None:
            continue
        if log.action_flag == ADDITION and log.content_type_id == issue_type.pk:
            continue  # the issue's creation is its first workflow step
        try:
            message = json.loads(log.change_message) if log.change_message else []
        except ValueError:
            message = []
        entries.append(
            AuditEntry(
                action="add" if log.action_flag == ADDITION else "edit",
                actor_id=log.user_id,
                at=log.action_time,
                issue_id=issue,
                content_type_id=log.content_type_id,
                object_id=log.object_id,
                object_repr=log.object_repr[:300],
                data={"change_message": message} if message else {},
            )
        )
    AuditEntry.objects.bulk_create(entries, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("editorial", "0023_distribution_categories"),
    ]

    operations = [
        migrations.RunPython(backfill_steps, migrations.RunPython.noop),
        migrations.RunPython(backfill_admin_saves, migrations.RunPython.noop),
    ]
