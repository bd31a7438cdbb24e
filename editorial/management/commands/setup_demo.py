"""Prepare a development site: sample issues and demo accounts. Safe to run again."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from editorial.models import Issue

DEMO_ACCOUNTS = [
    # (username, password, group name, description)
    ("editor", "editor-demo-2026", "编辑", "editor (编辑)"),
    ("chief", "chief-demo-2026", "签发人", "chief editor (签发人)"),
]


class Command(BaseCommand):
    help = "Import the sample issues (once) and create the demo accounts, then print them."

    def handle(self, *args, **options):
        seeds = Path(settings.BASE_DIR) / "seeds"
        if "import_legacy" in get_commands():
            if not Issue.objects.filter(legacy_filename__startswith="seeds/").exists():
                call_command("import_legacy", str(seeds), verbosity=options["verbosity"])
        elif not Issue.objects.exists():
            self._create_demo_issue()

        user_model = get_user_model()
        lines = []
        for username, password, group_name, description in DEMO_ACCOUNTS:
            user, created = user_model.objects.get_or_create(
                username=username, defaults={"is_staff": True}
            )
            if created:
                user.set_password(password)
                user.save()
            group = Group.objects.filter(name=group_name).first()
            if group is not None:
                user.groups.add(group)
            lines.append(f"  {description}: {username} / {password}")

        url = "http://127.0.0.1:8000/"
        self.stdout.write(self.style.SUCCESS("Demo site ready."))
        self.stdout.write(f"  Reading site: {url}")
        self.stdout.write(f"  Admin:        {url}admin/")
        for line in lines:
            self.stdout.write(line)

    def _create_demo_issue(self):
        # Interim sample content until the legacy importer is in place.
        from datetime import date, datetime
        from zoneinfo import ZoneInfo

        from editorial.models import DistributionEntry, Recipient

        issue = Issue.objects.create(
            year=2012,
            number=8,
            issue_date=date(2012, 4, 25),
            status=Issue.Status.PUBLISHED,
            publish_at=datetime(2012, 4, 25, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        )
        section = issue.sections.create(name="工作动态", position=1)
        section.articles.create(
            position=1,
            title="市总召开主席例会部署下一阶段工作",
            body="4月6日，市总工会在常熟蒋巷村召开了2012年第一季度五市七区工会主席例会。",
            source_text="市总办公室",
        )
        for position, name in enumerate(settings.BULLETIN["DEFAULT_DISTRIBUTION"], 1):
            recipient, _ = Recipient.objects.get_or_create(name=name)
            DistributionEntry.objects.create(issue=issue, recipient=recipient, position=position)
