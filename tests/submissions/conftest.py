"""People and things of information work: officers of two units, the office's
editors (``editor``, ``chief`` from tests/conftest.py), a draft issue to adopt
into, and uploads as a browser sends them; and a second office (常熟's, below
the default one) with its own bulletin, draft issue, unit, officer, editor and
chief editor."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from editorial.content.models import Issue, SourceOrganization
from editorial.offices.models import Bulletin, Office
from editorial.submissions import decisions
from editorial.submissions.models import OFFICERS, InformationOfficer, Submission
from tests.factories import default_bulletin, make_issue, make_user

UNIT = "常熟市总工会"
OTHER_UNIT = "昆山市总工会"
SECOND_OFFICE = "常熟市总工会办公室"
SECOND_OFFICE_UNIT = "虞山街道总工会"


def officer_of(unit_name: str, username: str, *, office: Office | None = None, **extra):
    """An officer of ``unit_name``, named before any period the tests look at; a
    unit made here reports to ``office`` (default: the default bulletin's)."""
    unit = SourceOrganization.objects.resolve_or_create(unit_name)
    if office is not None or unit.reports_to_id is None:
        unit.reports_to = office or default_bulletin().office
        unit.save(update_fields=["reports_to"])
    user = make_user(username, staff=True, groups=[OFFICERS], **extra)
    InformationOfficer.objects.create(user=user, unit=unit, since=date(2020, 1, 1))
    return user


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Attachments go to a fresh folder for each test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer(roles):
    return officer_of(UNIT, "officer", email="officer@example.org", last_name="陈")


@pytest.fixture
def other_officer(roles):
    return officer_of(OTHER_UNIT, "other-officer", email="other@example.org")


@pytest.fixture
def unit(officer):
    return officer.information_officer.unit


@pytest.fixture
def second_office(roles):
    """常熟's office, below the default office, publishing its own bulletin."""
    office = Office.objects.create(name=SECOND_OFFICE, parent=default_bulletin().office)
    Bulletin.objects.create(
        office=office, name="常熟工会简报", slug="changshu", publisher=SECOND_OFFICE
    )
    return office


@pytest.fixture
def second_office_officer(second_office):
    return officer_of(
        SECOND_OFFICE_UNIT, "cs-officer", office=second_office, email="cs-officer@example.org"
    )


@pytest.fixture
def second_office_editor(second_office):
    return make_user(
        "cs-editor", staff=True, groups=["编辑"], office=second_office, email="cs@example.org"
    )


@pytest.fixture
def second_office_chief(second_office):
    return make_user("cs-chief", staff=True, groups=["签发人"], office=second_office)


@pytest.fixture
def second_office_issue(second_office):
    return make_issue(
        status=Issue.Status.DRAFT,
        year=2026,
        number=3,
        sections=("基层动态",),
        bulletin=second_office.bulletins.get(),
    )


@pytest.fixture
def draft_issue(db):
    return make_issue(status=Issue.Status.DRAFT, year=2026, number=7, sections=("工作动态", "简讯"))


def submit(officer, title="金秋助学活动", *, body="第一段。\n\n第二段。", kind="article", **fields):
    """A submission from ``officer``, made through the write path."""
    return decisions.submit(
        Submission(
            unit=officer.information_officer.unit,
            title=title,
            body=body,
            suggested_kind=kind,
            authors=fields.pop("authors", "张三 李四"),
            contact_phone="0512-52000000",
            **fields,
        ),
        officer,
    )


def photo(name="photo.jpg", fmt="JPEG") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def pdf(name="report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n", "application/pdf"
    )


def fake_photo(name="virus.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a photo at all", content_type="image/jpeg")
