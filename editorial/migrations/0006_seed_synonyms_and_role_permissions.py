"""Seed the search synonyms with common union terms, and give the roles the
permissions of the new models.

Both lists are frozen here, as a migration must be. Editors (编辑) and chief
editors (签发人) may see read receipts and subscriptions, and keep the synonym
table; unit memberships are kept with the user accounts (superusers).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Each line: terms that a reader may type for the same thing. A longer term that
# contains a shorter one (市总工会 / 市总) is listed in the same group.
SEED_SYNONYMS = [
    "职代会、职工代表大会",
    "工代会、工会代表大会、工会会员代表大会",
    "市总、市总工会",
    "省总、省总工会",
    "全总、全国总工会、中华全国总工会",
    "劳模、劳动模范",
    "五一劳动奖章、五一奖章",
    "女职工、女工",
    "女职委、女职工委员会",
    "经审会、经费审查委员会",
    "农民工、外来务工人员、进城务工人员",
    "劳动争议、劳动纠纷",
]

ROLE_PERMISSIONS = {
    "编辑": [
        "view_readreceipt",
        "view_subscription",
        "view_publicationnotice",
        "view_synonymgroup",
        "add_synonymgroup",
        "change_synonymgroup",
    ],
    "签发人": [
        "view_readreceipt",
        "view_subscription",
        "view_publicationnotice",
        "view_synonymgroup",
        "add_synonymgroup",
        "change_synonymgroup",
        "delete_synonymgroup",
    ],
}


def seed_synonyms(apps, schema_editor):
    SynonymGroup = apps.get_model("editorial", "SynonymGroup")
    for terms in SEED_SYNONYMS:
        SynonymGroup.objects.get_or_create(terms=terms)


def unseed_synonyms(apps, schema_editor):
    apps.get_model("editorial", "SynonymGroup").objects.filter(terms__in=SEED_SYNONYMS).delete()


def grant_permissions(apps, schema_editor):
    # Permissions of new models are only created after all migrations (post_migrate).
    app_config = apps.get_app_config("editorial")
    # Put back as it was: tests call this with the project's own app registry.
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="editorial", codename__in=codenames)
        )


def revoke_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="editorial", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0005_readership_notifications_synonyms"),
        ("editorial", "0003_roles"),
    ]

    operations = [
        migrations.RunPython(seed_synonyms, unseed_synonyms),
        migrations.RunPython(grant_permissions, revoke_permissions),
    ]
