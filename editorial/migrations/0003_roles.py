"""The two editorial roles as Django groups, with their permissions.

编辑 (editor): compose issues and articles while they are drafts, submit them
for review. 签发人 (chief editor): all of that, plus return, sign off
(签发), publish, withdraw, and edit issues that have left draft. The rules
that use these permissions live in ``editorial/workflow/transitions.py``.

The lists are frozen here, as a migration must be; a later change of roles
is a new migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "编辑"
CHIEF_EDITORS = "签发人"

EDITOR_PERMISSIONS = [
    ("editorial", "view_issue"),
    ("editorial", "add_issue"),
    ("editorial", "change_issue"),
    ("editorial", "submit_issue"),
    ("editorial", "view_section"),
    ("editorial", "add_section"),
    ("editorial", "change_section"),
    ("editorial", "delete_section"),
    ("editorial", "view_article"),
    ("editorial", "add_article"),
    ("editorial", "change_article"),
    ("editorial", "delete_article"),
    ("editorial", "view_articlesource"),
    ("editorial", "add_articlesource"),
    ("editorial", "change_articlesource"),
    ("editorial", "delete_articlesource"),
    ("editorial", "view_distributionentry"),
    ("editorial", "add_distributionentry"),
    ("editorial", "change_distributionentry"),
    ("editorial", "delete_distributionentry"),
    ("editorial", "view_recipient"),
    ("editorial", "add_recipient"),
    ("editorial", "change_recipient"),
    ("editorial", "view_sourceorganization"),
    ("editorial", "add_sourceorganization"),
    ("editorial", "change_sourceorganization"),
    ("editorial", "view_organizationalias"),
    ("editorial", "add_organizationalias"),
    ("editorial", "change_organizationalias"),
    ("editorial", "view_issuetransition"),
    ("taggit", "view_tag"),
    ("taggit", "add_tag"),
    ("taggit", "change_tag"),
]

CHIEF_EDITOR_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    ("editorial", "return_issue"),
    ("editorial", "approve_issue"),
    ("editorial", "publish_issue"),
    ("editorial", "withdraw_issue"),
    ("editorial", "edit_published_issue"),
    ("editorial", "delete_issue"),
    ("editorial", "delete_recipient"),
    ("editorial", "delete_sourceorganization"),
    ("editorial", "delete_organizationalias"),
    ("taggit", "delete_tag"),
]


def create_roles(apps, schema_editor):
    # On a fresh database permissions are only created after all migrations
    # (post_migrate); create them now so that the groups can be given them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in [
        (EDITORS, EDITOR_PERMISSIONS),
        (CHIEF_EDITORS, CHIEF_EDITOR_PERMISSIONS),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for app_label, codename in wanted:
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, CHIEF_EDITORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_issue_workflow_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
