"""People and things of information work: officers of two units, the office's
editors (``editor``, ``chief`` from tests/conftest.py), a draft issue to adopt
into, and uploads as a browser sends them."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from editorial.content.models import Issue, SourceOrganization
from editorial.submissions import decisions
from editorial.submissions.models import OFFICERS, InformationOfficer, Submission
from tests.factories import make_issue, make_user

UNIT = "常熟市总工会"
OTHER_UNIT = "昆山市总工会"


def officer_of(unit_name: str, username: str, **extra):
    """An officer of ``unit_name``, named before any period the tests look at."""
    unit = SourceOrganization.objects.resolve_or_create(unit_name)
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
