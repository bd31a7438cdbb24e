"""Prepare a development site: sample issues and demo accounts. Safe to run again."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from editorial.content.models import Recipient, UnitMembership
from editorial.submissions import demo as submissions_demo

DEMO_ACCOUNTS = [
    # (username, password, group name or None, unit or None, description)
    ("editor", "editor-demo-2026", "编辑", None, "editor (编辑)"),
    ("chief", "chief-demo-2026", "签发人", None, "chief editor (签发人)"),
    ("reader", "reader-demo-2026", None, "各直属单位工会", "staff reader of 各直属单位工会"),
]


class Command(BaseCommand):
    help = "Import the sample issues (once) and create the demo accounts, then print them."

    def handle(self, *args, **options):
        # The importer is idempotent: a second run reports "already imported".
        call_command("import_legacy", str(Path(settings.BASE_DIR) / "seeds"), verbosity=0)

        user_model = get_user_model()
        lines = []
        for username, password, group_name, unit, description in DEMO_ACCOUNTS:
            user, created = user_model.objects.get_or_create(
                username=username, defaults={"is_staff": True}
            )
            if created:
                user.set_password(password)
                user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            if unit:
                recipient, _ = Recipient.objects.get_or_create(name=unit)
                UnitMembership.objects.update_or_create(user=user, defaults={"unit": recipient})
            lines.append(f"  {description}: {username} / {password}")
        lines += submissions_demo.setup(handler=user_model.objects.get(username="editor"))

        url = "http://127.0.0.1:8000/"
        self.stdout.write(self.style.SUCCESS("Demo site ready."))
        self.stdout.write(f"  Reading site: {url}")
        self.stdout.write(f"  Admin:        {url}admin/")
        for line in lines:
            self.stdout.write(line)
