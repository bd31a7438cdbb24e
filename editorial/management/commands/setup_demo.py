"""Prepare a development site: sample issues and demo accounts. Safe to run again.

It says what it does as it goes: the import of ``seeds/`` with each file's
warnings on a line of their own (what the old text leaves out and how it was
filled in), then the accounts. Every demo account has an e-mail address, so
the notifications a workflow step sends appear on the development server's
console (``EMAIL_BACKEND`` is the console backend while ``DEBUG`` is on).
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from editorial.content.models import Recipient, UnitMembership
from editorial.submissions import demo as submissions_demo


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    description: str
    group: str | None = None  # a role: 编辑, 签发人
    unit: str | None = None  # the unit a staff reader belongs to
    family_name: str = ""  # the printed name (姓 + 名), e.g. on the masthead as 签发人
    given_name: str = ""

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"


DEMO_ACCOUNTS = [
    DemoAccount(
        "editor",
        "editor-demo-2026",
        "editor (编辑)",
        group="编辑",
        family_name="李",
        given_name="敏",
    ),
    DemoAccount(
        "chief",
        "chief-demo-2026",
        "chief editor (签发人)",
        group="签发人",
        family_name="王",
        given_name="建国",
    ),
    DemoAccount(
        "reader",
        "reader-demo-2026",
        "staff reader of 各直属单位工会 (reads the internal issues sent to that unit)",
        unit="各直属单位工会",
        family_name="张",
        given_name="丽",
    ),
]

WARNINGS_EXPLAINED = (
    "  The warnings above are expected: the old text files do not always state the "
    "year, the number or the date, and each warning says what was inferred instead.\n"
    "  To see them again: .venv/bin/python manage.py import_legacy seeds/ --dry-run -v 2"
)


class Command(BaseCommand):
    help = "Import the sample issues (once) and create the demo accounts, then print them."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        self.step(_("Importing the sample issues (seeds/)"))
        # The importer is idempotent: a second run reports "already imported".
        call_command(
            "import_legacy",
            str(Path(settings.BASE_DIR) / "seeds"),
            verbosity=2 if verbosity > 0 else 0,
            stdout=self.stdout,
            stderr=self.stdout,
        )
        if verbosity > 0:
            self.stdout.write(WARNINGS_EXPLAINED)

        self.step(_("Creating the demo accounts"))
        lines = [f"  {account.description}: {self.ensure(account)}" for account in DEMO_ACCOUNTS]
        self.step(_("Creating the information officer and demo submissions"))
        editor = get_user_model().objects.get(username="editor")
        lines += submissions_demo.setup(handler=editor)

        url = "http://127.0.0.1:8000/"
        self.stdout.write(self.style.SUCCESS(_("Demo site ready.")))
        self.stdout.write("  " + _("Reading site: %(url)s") % {"url": url})
        self.stdout.write("  " + _("Editorial office: %(url)s") % {"url": f"{url}admin/"})
        for line in lines:
            self.stdout.write(line)
        self.stdout.write("  " + _("E-mail notifications are printed on this console."))

    def step(self, text: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"==> {text}"))

    def ensure(self, account: DemoAccount) -> str:
        """The account, created once (and given an address if it has none)."""
        user, created = get_user_model().objects.get_or_create(
            username=account.username,
            defaults={
                "is_staff": True,
                "email": account.email,
                "last_name": account.family_name,
                "first_name": account.given_name,
            },
        )
        if created:
            user.set_password(account.password)
        if not user.email:
            user.email = account.email
        user.save()
        if account.group:
            user.groups.add(Group.objects.get(name=account.group))
        if account.unit:
            recipient, _ = Recipient.objects.get_or_create(name=account.unit)
            UnitMembership.objects.update_or_create(user=user, defaults={"unit": recipient})
        return f"{account.username} / {account.password} <{user.email}>"
