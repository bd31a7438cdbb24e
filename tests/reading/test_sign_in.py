"""The reading site's own sign-in page: readers and officers without staff status
sign in there and land where their work is; an internal issue says why it asks;
the office's link is for the editors only; throttling guards it as the admin's."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from editorial.content.models import Issue
from tests.factories import LISTED, make_issue, member_of
from tests.submissions.conftest import officer_of

pytestmark = pytest.mark.django_db

SIGN_IN = "/sign-in/"


def sign_in(client, user, url=SIGN_IN, password=None) -> str:
    """Fill in the page as a browser does (its hidden ``next`` included); return the
    address landed on."""
    page = client.get(url).content.decode()
    fields = {
        "username": user.username,
        "password": password or f"pw-{user.username}-2026",
        **dict(re.findall(r'<input type="hidden" name="(next)" value="([^"]*)"', page)),
    }
    response = client.post(url, fields, follow=True)
    return response.request["PATH_INFO"]


@pytest.fixture
def reader():
    """A reader of a unit, made without staff status."""
    return member_of(LISTED, "reader", staff=False, last_name="张", first_name="丽")


def test_a_reader_without_staff_status_signs_in_and_lands_on_the_reading_site(client, reader):
    assert sign_in(client, reader) == "/"
    assert client.get("/").context["user"] == reader


def test_an_officer_without_staff_status_signs_in_and_lands_on_submissions(client, roles):
    officer = officer_of("常熟市总工会", "officer")
    officer.is_staff = False
    officer.save()
    assert sign_in(client, officer) == reverse("submissions:list")


def test_an_anonymous_reader_of_an_internal_issue_is_told_why_on_the_sign_in_page(client):
    internal = make_issue(visibility=Issue.Visibility.INTERNAL)
    response = client.get(internal.get_absolute_url(), follow=True)
    assert response.request["PATH_INFO"] == SIGN_IN
    assert "本期为内部资料" in response.content.decode()


def test_signing_in_for_an_internal_issue_leads_back_to_it(client, reader):
    internal = make_issue(visibility=Issue.Visibility.INTERNAL)
    url = client.get(internal.get_absolute_url())["Location"]
    assert sign_in(client, reader, url) == internal.get_absolute_url()


def test_the_page_shows_who_is_signed_in_by_name(client, reader):
    client.force_login(reader)
    page = client.get("/").content.decode()
    assert '<span id="signed-in-as">张丽</span>' in page


def test_the_office_link_is_not_shown_to_a_reader(client):
    staff_reader = member_of(LISTED, "staff-reader", staff=True)
    client.force_login(staff_reader)
    assert 'id="office-link"' not in client.get("/").content.decode()


def test_the_office_link_is_shown_to_an_editor(client, editor):
    client.force_login(editor)
    assert 'id="office-link"' in client.get("/").content.decode()


def test_a_staff_reader_signing_in_from_the_admin_lands_on_the_reading_site(client):
    staff_reader = member_of(LISTED, "staff-reader", staff=True)
    assert sign_in(client, staff_reader, "/admin/login/") == "/"


def test_repeated_failures_on_the_reading_sign_in_lock_the_account_out(client, reader):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(SIGN_IN, {"username": "reader", "password": "wrong"})
    response = client.post(SIGN_IN, {"username": "reader", "password": "pw-reader-2026"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_reader_signs_out_from_the_page_the_link_opens(client, reader):
    client.force_login(reader)
    page = client.get(reverse("editorial:sign_out")).content.decode()
    assert 'id="sign-out-submit"' in page
    client.post(reverse("editorial:sign_out"))
    assert "_auth_user_id" not in client.session


def test_a_staff_reader_who_opens_the_office_is_pointed_to_the_reading_site(client):
    client.force_login(member_of(LISTED, "staff-reader", staff=True))
    page = client.get("/admin/").content.decode()
    assert 'id="not-in-office"' in page
    assert '<a href="/">阅读站点</a>' in page
