"""Prepare a development site: two offices with a bulletin each, their sample
issues and demo accounts. Safe to run again: a second run changes nothing.

苏州市总工会办公室 publishes 《工会工作简报》 (the bulletin migrated from the
settings, ``bulletin``; seed 002), and 常熟市总工会办公室, the office below it,
publishes 《常熟工会工作简报》 (``changshu``; seed 000). Each has an editor and a
chief editor.

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

from editorial.content.models import Recipient, SourceOrganization, UnitMembership
from editorial.offices.models import Bulletin, Membership, Office
from editorial.submissions import demo as submissions_demo


@dataclass(frozen=True)
class DemoOffice:
    key: str
    office: str
    union: str
    bulletin: str  # the masthead title
    slug: str
    seed: str  # the sample issue's file name pattern in seeds/
    cumulative_start: int
    short_name: str = ""
    parent: str | None = None  # the key of the office above
    distribution: tuple[str, ...] = ()


SUZHOU = DemoOffice(
    "suzhou",
    "苏州市总工会办公室",
    "苏州市总工会",
    "工会工作简报",
    # The bulletin migration 0025 made of the settings becomes 苏州's.
    "bulletin",
    "002_*.txt",
    cumulative_start=186,
    short_name="苏州工会简报",
    distribution=("全总办公厅", "省总工会", "市委办公室", "各市（县）、区总工会", "各直属单位工会"),
)
CHANGSHU = DemoOffice(
    "changshu",
    "常熟市总工会办公室",
    "常熟市总工会",
    "常熟工会工作简报",
    "changshu",
    "000_*.txt",
    cumulative_start=51,
    short_name="常熟工会简报",
    parent="suzhou",
    distribution=("苏州市总工会", "市委办公室", "各镇（街道）工会", "市各产业工会"),
)
DEMO_OFFICES = [SUZHOU, CHANGSHU]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    description: str
    group: str | None = None  # a role: 编辑, 签发人
    office: str | None = None  # the key of the office the role is held in
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
        "editor (编辑) of 苏州市总工会办公室",
        group="编辑",
        office="suzhou",
        family_name="李",
        given_name="敏",
    ),
    DemoAccount(
        "chief",
        "chief-demo-2026",
        "chief editor (签发人) of 苏州市总工会办公室",
        group="签发人",
        office="suzhou",
        family_name="王",
        given_name="建国",
    ),
    DemoAccount(
        "cs-editor",
        "cs-editor-demo-2026",
        "editor (编辑) of 常熟市总工会办公室",
        group="编辑",
        office="changshu",
        family_name="周",
        given_name="静",
    ),
    DemoAccount(
        "cs-chief",
        "cs-chief-demo-2026",
        "chief editor (签发人) of 常熟市总工会办公室",
        group="签发人",
        office="changshu",
        family_name="顾",
        given_name="振华",
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
        self.step(_("Setting up the offices and their bulletins"))
        offices = {}
        for demo in DEMO_OFFICES:
            offices[demo.key] = office = self.ensure_office(demo, offices)
            self.stdout.write(f"  {office.name}: 《{demo.bulletin}》 ({demo.slug})")

        self.step(_("Importing the sample issues (seeds/)"))
        seeds = Path(settings.BASE_DIR) / "seeds"
        for demo in DEMO_OFFICES:
            # The importer is idempotent: a second run reports "already imported".
            call_command(
                "import_legacy",
                *(str(path) for path in sorted(seeds.glob(demo.seed))),
                bulletin=demo.slug,
                verbosity=2 if verbosity > 0 else 0,
                stdout=self.stdout,
                stderr=self.stdout,
            )
        if verbosity > 0:
            self.stdout.write(WARNINGS_EXPLAINED)

        self.step(_("Creating the demo accounts"))
        lines = [
            f"  {account.description}, {account.family_name}{account.given_name}: "
            f"{self.ensure(account, offices)}"
            for account in DEMO_ACCOUNTS
        ]
        self.step(_("Creating the information officer and demo submissions"))
        editor = get_user_model().objects.get(username="cs-editor")
        lines += submissions_demo.setup(handler=editor, office=offices[CHANGSHU.key])

        url = "http://127.0.0.1:8000/"
        self.stdout.write(self.style.SUCCESS(_("Demo site ready.")))
        self.stdout.write("  " + _("Reading site: %(url)s") % {"url": url})
        self.stdout.write("  " + _("Editorial office: %(url)s") % {"url": f"{url}admin/"})
        for line in lines:
            self.stdout.write(line)
        self.stdout.write("  " + _("E-mail notifications are printed on this console."))

    def step(self, text: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"==> {text}"))

    def ensure_office(self, demo: DemoOffice, offices: dict) -> Office:
        """The office and its bulletin, made once; 苏州's are the migrated ones, renamed."""
        union = SourceOrganization.objects.resolve_or_create(demo.union)
        parent = offices.get(demo.parent)
        if parent is not None and union.parent_id is None:
            union.parent = parent.union
            union.save(update_fields=["parent"])
        # A county federation is itself a unit of the city office: its items go there.
        if parent is not None and union.reports_to_id != parent.pk:
            union.reports_to = parent
            union.save(update_fields=["reports_to"])
        bulletin = Bulletin.objects.select_related("office").filter(slug=demo.slug).first()
        office = Office.objects.filter(name=demo.office).first()
        if office is None:
            office = bulletin.office if bulletin is not None else Office(name=demo.office)
        changed = (office.name, office.union_id, office.parent_id) != (
            demo.office,
            union.pk,
            parent.pk if parent else None,
        )
        if changed:
            office.name, office.union, office.parent = demo.office, union, parent
            office.save()
        if bulletin is None:
            bulletin = Bulletin(slug=demo.slug, office=office)
        wanted = {
            "office_id": office.pk,
            "name": demo.bulletin,
            "short_name": demo.short_name,
            "publisher": demo.office,
        }
        if not bulletin.default_distribution:
            wanted["default_distribution"] = "\n".join(demo.distribution)
        if bulletin.cumulative_start is None:
            wanted["cumulative_start"] = demo.cumulative_start
        if bulletin.pk is None or any(getattr(bulletin, k) != v for k, v in wanted.items()):
            for name, value in wanted.items():
                setattr(bulletin, name, value)
            bulletin.save()
        return office

    def ensure(self, account: DemoAccount, offices: dict) -> str:
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
            office = offices[account.office]
            if not Membership.objects.filter(user=user, office=office).exists():
                Membership.objects.create(user=user, office=office, role=account.group)
        if account.unit:
            recipient, _ = Recipient.objects.get_or_create(name=account.unit)
            UnitMembership.objects.update_or_create(user=user, defaults={"unit": recipient})
        return f"{account.username} / {account.password} <{user.email}>"
